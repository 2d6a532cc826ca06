import { AppError } from '@shared/errors';
import type { ImportReport } from '@shared/contract/import';
import type { Handlers } from '../../src-main/services/types';
import { createDispatch, type Dispatch } from '../../src-main/transports/dispatch';

/**
 * Handlers that do nothing real, for testing the transports on their own: each records what reached it
 * so a test can see that validation, progress and cancellation crossed the transport intact.
 */
export interface FakeProbe {
  /** Requests as handlers received them (after zod parsing), by channel. */
  received: { channel: string; request: unknown }[];
  /** Resolves with the signal's reason when a call of import.run is aborted. */
  importAborted: Promise<void>;
  /** Makes a waiting import.run finish normally. */
  releaseImport(): void;
}

const unused = (name: string) => async (): Promise<never> => {
  throw new AppError('INTERNAL', `${name} is not part of this fake.`);
};

export function fakeReport(path: string): ImportReport {
  return {
    importId: 1,
    kind: 'customers',
    mode: 'replace',
    dryRun: false,
    rejectedCsv: null,
    file: { path, name: 'fake.csv', size: 10, sha256: 'ab' },
    options: {
      encoding: 'utf-8',
      delimiter: ',',
      quote: '"',
      hasHeader: true,
      decimal: '.',
      dateOrder: 'ymd',
      missing: [],
      skipRows: 0,
      sheet: null,
    },
    rowsRead: 3,
    imported: 2,
    replaced: 0,
    rejectedCount: 1,
    rejected: [{ line: 3, code: 'missing_id', reason: 'The id is empty.' }],
    rejectedTruncated: false,
    rejectionSummary: [{ code: 'missing_id', count: 1, exampleLines: [3] }],
    columns: [{ name: 'id', type: 'text', role: 'id', missing: 0 }],
    durationMs: 1,
  };
}

export function fakeHandlers(): { handlers: Handlers; probe: FakeProbe } {
  let abortedResolve: () => void = () => {};
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const probe: FakeProbe = {
    received: [],
    importAborted: new Promise<void>((resolve) => (abortedResolve = resolve)),
    releaseImport: () => release(),
  };
  const handlers: Handlers = {
    app: {
      info: async (request) => {
        probe.received.push({ channel: 'app.info', request });
        return { name: 'Tenure', version: '0.0.0-test', mode: 'cli', projectsDir: '/tmp/projects' };
      },
      samples: async () => ({ samples: [] }),
    },
    project: {
      create: async (request) => {
        probe.received.push({ channel: 'project.create', request });
        if (request.path.includes('exists')) {
          throw new AppError('ALREADY_EXISTS', `${request.path} already exists.`, { file: request.path });
        }
        return {
          path: request.path,
          name: request.name ?? 'Untitled',
          createdAt: '2024-01-01T00:00:00.000Z',
          schemaVersion: 1,
          customers: 0,
          lastImport: null,
        };
      },
      open: unused('project.open'),
      info: unused('project.info'),
      recent: unused('project.recent'),
      forget: unused('project.forget'),
    },
    import: {
      inspect: unused('import.inspect'),
      // Reports two progress events, then waits until released or aborted.
      run: async (request, context) => {
        probe.received.push({ channel: 'import.run', request });
        context.progress({ phase: 'read', label: 'Reading', done: 1, total: 4, unit: 'rows' });
        context.progress({ phase: 'read', label: 'Reading', done: 2, total: 4, unit: 'rows' });
        await new Promise<void>((resolve, reject) => {
          if (request.dryRun) resolve();
          void released.then(() => resolve());
          context.signal.addEventListener('abort', () => {
            abortedResolve();
            reject(new AppError('CANCELLED', 'The import was cancelled.'));
          });
        });
        return fakeReport(request.path);
      },
      history: unused('import.history'),
      undo: unused('import.undo'),
      rejectedCsv: unused('import.rejectedCsv'),
    },
    customers: {
      columns: unused('customers.columns'),
      values: unused('customers.values'),
      page: unused('customers.page'),
    },
    overview: {
      get: async () => {
        throw new AppError('PARSE_ERROR', 'A quote is never closed.', { file: 'x.csv', line: 12, column: 3 });
      },
      churnBy: unused('overview.churnBy'),
    },
    churn: { definition: unused('churn.definition'), setDefinition: unused('churn.setDefinition') },
    quality: { report: unused('quality.report') },
    survival: { km: unused('survival.km'), cox: unused('survival.cox') },
    drivers: { list: unused('drivers.list') },
    retention: { churnOverTime: unused('retention.churnOverTime'), cohorts: unused('retention.cohorts') },
    risk: {
      features: unused('risk.features'),
      train: unused('risk.train'),
      models: unused('risk.models'),
      model: unused('risk.model'),
      deleteModel: unused('risk.deleteModel'),
      score: unused('risk.score'),
      scores: unused('risk.scores'),
      tiers: unused('risk.tiers'),
      compare: unused('risk.compare'),
      exportScores: unused('risk.exportScores'),
    },
    value: {
      rfm: unused('value.rfm'),
      fit: unused('value.fit'),
      models: unused('value.models'),
      model: unused('value.model'),
      deleteModel: unused('value.deleteModel'),
      clv: unused('value.clv'),
      customers: unused('value.customers'),
      tiers: unused('value.tiers'),
      sbg: unused('value.sbg'),
    },
  };
  return { handlers, probe };
}

export function fakeDispatch(): { dispatch: Dispatch; probe: FakeProbe } {
  const { handlers, probe } = fakeHandlers();
  return { dispatch: createDispatch(handlers), probe };
}
