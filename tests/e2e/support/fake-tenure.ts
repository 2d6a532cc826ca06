/**
 * An in-memory stand-in for Tenure's services behind the loopback bridge, for renderer tests that need
 * states real data cannot easily produce (a million customers, failures on demand, an import slow enough
 * to cancel half-way) and that must not depend on the main process. It is a real HTTP server on
 * 127.0.0.1 speaking the bridge's wire format (bridge.ts): POST /api/call/<channel>, answered as an event
 * stream of `progress` events, sent as they happen, and one `result`; closing the request cancels the call.
 * It serves the built renderer from out/renderer (or TENURE_E2E_RENDERER). Requests and responses are
 * checked against the contract's schemas, as the real dispatch does, so the fake cannot drift from it.
 *
 * It is deliberately simple — types are guessed crudely, filters cover what the tests use — and is no
 * reference for the real services.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Page } from '@playwright/test';
import type { CallResult } from '../../../src-shared/bridge';
import { bridge, serverEvent } from '../../../src-shared/bridge';
import {
  channelDef,
  isChannelName,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../../src-shared/contract';
import type { JobProgress } from '../../../src-shared/contract/channel';
import type { CustomerColumn, CustomerFilter } from '../../../src-shared/contract/customers';
import type {
  DatasetSummary,
  ImportHistoryEntry,
  ImportReport,
  RejectedRow,
  RejectionCode,
} from '../../../src-shared/contract/import';
import type { CellValue, ColumnType } from '../../../src-shared/domain/columns';
import { datasetLabels, datasetRoles, type DatasetKind } from '../../../src-shared/domain/datasets';
import type { AppErrorData } from '../../../src-shared/errors';
import { readDate, readNumber } from '../../../src-renderer/features/import-wizard/read-values';
import {
  applied,
  customerRole,
  definitionState,
  qualityReport,
  rebuildView,
  rowCount,
  type FakeProject,
  type Row,
} from './fake-data';
import {
  guessKind,
  inspectColumns,
  isMissing,
  readTable,
  shapeOf,
  suggestMapping,
  type FakeWorkbook,
  type ReadFile,
} from './fake-files';

export type { FakeDataset, FakeImport, FakeProject, Row } from './fake-data';

export const fakeToken = 'fake-token-for-tests';
const root = join(import.meta.dirname, '..', '..', '..');
const rendererDir = process.env.TENURE_E2E_RENDERER ?? join(root, 'out', 'renderer');
const samplesDir = join(root, 'resources', 'samples');
const projectsDir = '/home/ana/Documents/Tenure';

/** How long the fake's long jobs take (ms): short by default, long where a test cancels half-way. */
export interface FakePace {
  dryRunMs: number;
  importMs: number;
  undoMs: number;
  definitionMs: number;
}

export interface FakeOptions {
  /** Channels that answer with this error instead (e.g. to show error states). */
  failures?: Partial<Record<ChannelName, AppErrorData>>;
  /** Pretend projects already on disk, by path. */
  projects?: FakeProject[];
  recent?: ResponseOf<'project.recent'>['projects'];
  pace?: Partial<FakePace>;
  /** Paths that read as .xlsx workbooks: sheet name → comma-separated text. */
  workbooks?: Record<string, FakeWorkbook>;
}

interface CallContext {
  progress: (progress: JobProgress) => void;
  signal: AbortSignal;
}

type Handlers = { [N in ChannelName]: (request: ParsedRequestOf<N>, context: CallContext) => unknown };

const cancelled: AppErrorData = { code: 'CANCELLED', message: 'Cancelled.' };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Reports `total` units of work over `ms`, in ticks of about 100 ms, with speed and time left as the real
 * jobs report them; rejects with CANCELLED as soon as the call is cancelled.
 */
async function paced(
  context: CallContext,
  ms: number,
  total: number,
  phase: string,
  label: string,
  unit: JobProgress['unit'] = 'rows',
): Promise<void> {
  const ticks = Math.max(1, Math.round(ms / 100));
  const started = Date.now();
  for (let tick = 1; tick <= ticks; tick++) {
    await sleep(ms / ticks, context.signal);
    const done = Math.round((total * tick) / ticks);
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    context.progress({
      phase,
      label,
      done,
      total,
      unit,
      ...(unit === 'rows' && rate > 0 ? { rowsPerSecond: rate, secondsLeft: (total - done) / rate } : {}),
    });
  }
}

export class FakeTenure {
  readonly projects = new Map<string, FakeProject>();
  /** Every call the page made, for assertions. */
  readonly calls: { channel: string; request: unknown }[] = [];
  recent: ResponseOf<'project.recent'>['projects'];
  readonly pace: FakePace;
  private readonly failures: Partial<Record<ChannelName, AppErrorData>>;
  private readonly workbooks: Record<string, FakeWorkbook>;
  private readonly rejectedFiles = new Map<string, { fileName: string; csv: string; rows: number }>();
  private readonly stagingDir = mkdtempSync(join(tmpdir(), 'tenure-fake-staging-'));
  private server: Server | null = null;
  private address = '';

  constructor(options: FakeOptions = {}) {
    this.failures = options.failures ?? {};
    this.workbooks = options.workbooks ?? {};
    this.pace = { dryRunMs: 300, importMs: 300, undoMs: 300, definitionMs: 300, ...options.pace };
    for (const project of options.projects ?? []) {
      if (project.datasets) rebuildView(project);
      this.projects.set(project.path, project);
    }
    this.recent = options.recent ?? [];
  }

  /** Starts the server (once) and stops it when the page's context closes. */
  async attach(page: Page): Promise<void> {
    if (!this.server) {
      const server = createServer((request, response) => void this.serve(request, response));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.server = server;
      this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    page.context().once('close', () => void this.close());
  }

  /** The fake's origin: the page's own, and the only one it may reach. */
  get origin(): string {
    if (!this.address) throw new Error('FakeTenure: call attach(page) first');
    return this.address;
  }

  url(fragment = ''): string {
    return `${this.origin}/#token=${fakeToken}${fragment}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.address);
    const body = await readBody(request);
    if (url.pathname.startsWith(bridge.callPath)) {
      const name = url.pathname.slice(bridge.callPath.length);
      if (request.headers[bridge.tokenHeader] !== fakeToken) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: { code: 'UNAUTHORIZED', message: 'Wrong token.' } }));
        return;
      }
      const payload: unknown = body.length ? JSON.parse(body.toString('utf8')) : {};
      this.calls.push({ channel: name, request: payload });
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      const controller = new AbortController();
      response.on('close', () => {
        if (!response.writableFinished) controller.abort();
      });
      const result = await this.call(name, payload, {
        signal: controller.signal,
        progress: (progress) => {
          if (!controller.signal.aborted) response.write(serverEvent(bridge.events.progress, progress));
        },
      });
      if (!controller.signal.aborted) response.end(serverEvent(bridge.events.result, result));
      return;
    }
    if (url.pathname === bridge.filesPath) {
      const name = decodeURIComponent(String(request.headers[bridge.fileNameHeader] ?? 'upload.csv'));
      const path = join(this.stagingDir, `${randomBytes(4).toString('hex')}-${name.replace(/[\\/]/g, '_')}`);
      writeFileSync(path, body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, value: { path } }));
      return;
    }
    const file = url.pathname === '/' ? '/index.html' : url.pathname;
    try {
      if (file.includes('..')) throw new Error('no');
      const content = await readFile(join(rendererDir, file));
      const types: Record<string, string> = {
        '.html': 'text/html',
        '.js': 'text/javascript',
        '.css': 'text/css',
        '.svg': 'image/svg+xml',
      };
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(content);
    } catch {
      response.writeHead(404);
      response.end('not found');
    }
  }

  /** One call as the real dispatch makes it: request parsed, handler run, response checked. */
  private async call(name: string, payload: unknown, context: CallContext): Promise<CallResult> {
    try {
      if (!isChannelName(name))
        throw { code: 'UNKNOWN_CHANNEL', message: `No channel ${name}.` } satisfies AppErrorData;
      const failure = this.failures[name];
      if (failure) throw failure;
      const def = channelDef(name);
      const parsed = def.request.safeParse(payload);
      if (!parsed.success) {
        throw { code: 'INVALID_REQUEST', message: `${name}: ${parsed.error.message}` } satisfies AppErrorData;
      }
      const handler = this.handlers[name] as (request: unknown, context: CallContext) => unknown;
      const value = await handler(parsed.data, {
        signal: context.signal,
        progress: (progress) =>
          context.progress(def.progress ? (def.progress.parse(progress) as JobProgress) : progress),
      });
      const checked = def.response.safeParse(value);
      if (!checked.success) {
        throw {
          code: 'INVALID_RESPONSE',
          message: `The fake answered ${name} wrongly: ${checked.error.message}`,
        } satisfies AppErrorData;
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      const data = error as AppErrorData;
      return {
        ok: false,
        error: typeof data?.code === 'string' ? data : { code: 'INTERNAL', message: String(error) },
      };
    }
  }

  private project(path: string): FakeProject {
    const project = this.projects.get(path);
    if (!project)
      throw { code: 'NOT_FOUND', message: `There is no project at ${path}.` } satisfies AppErrorData;
    return project;
  }

  /** Puts a project at the top of the recent list, as the real service does on create and open. */
  private remember(project: FakeProject): void {
    this.recent = [
      { path: project.path, name: project.name, lastOpenedAt: new Date().toISOString(), exists: true },
      ...this.recent.filter((entry) => entry.path !== project.path),
    ];
  }

  private info(project: FakeProject): ResponseOf<'project.info'> {
    return {
      path: project.path,
      name: project.name,
      createdAt: project.createdAt,
      schemaVersion: 4,
      // As the real service counts: the rows of the customer file, not every id in the customer view.
      customers: project.datasets ? (project.datasets.customers?.rows.length ?? 0) : rowCount(project),
      lastImport: project.lastImport,
    };
  }

  /** History entries (without the fake's bookkeeping), newest first, with who may be undone and why not. */
  private history(project: FakeProject): { imports: ImportHistoryEntry[]; datasets: DatasetSummary[] } {
    const imports = project.imports ?? [];
    const entries: ImportHistoryEntry[] = [...imports].reverse().map((entry) => {
      const latest = [...imports]
        .reverse()
        .find((other) => other.kind === entry.kind && other.state === 'active');
      const undoable = entry.state === 'active' && latest?.id === entry.id;
      const reason =
        entry.state === 'undone'
          ? 'Already undone.'
          : entry.state === 'replaced'
            ? 'Replaced by a later import; undo that one to bring this back.'
            : undoable
              ? null
              : `Only the latest import of ${datasetLabels[entry.kind].many} can be undone; undo the newer one first.`;
      return {
        id: entry.id,
        kind: entry.kind,
        mode: entry.mode,
        fileName: entry.fileName,
        filePath: entry.filePath,
        sha256: entry.sha256,
        startedAt: entry.startedAt,
        finishedAt: entry.finishedAt,
        rowsRead: entry.rowsRead,
        imported: entry.imported,
        rejected: entry.rejected,
        state: entry.state,
        undoable,
        notUndoableReason: reason,
      };
    });
    if (!project.imports && project.lastImport) {
      // An older test's project: its one import, made before undo existed.
      entries.push({
        id: project.lastImport.id,
        kind: 'customers',
        mode: 'replace',
        fileName: project.lastImport.fileName,
        filePath: `/home/ana/exports/${project.lastImport.fileName}`,
        sha256: 'fake',
        startedAt: project.lastImport.finishedAt,
        finishedAt: project.lastImport.finishedAt,
        rowsRead: project.lastImport.imported + project.lastImport.rejected,
        imported: project.lastImport.imported,
        rejected: project.lastImport.rejected,
        state: 'active',
        undoable: false,
        notUndoableReason: 'Imported before undo existed.',
      });
    }
    const datasets: DatasetSummary[] = [];
    const kinds = project.datasets
      ? (Object.keys(project.datasets) as DatasetKind[])
      : rowCount(project)
        ? ['customers' as const]
        : [];
    for (const kind of kinds) {
      const dataset = project.datasets?.[kind];
      const rows = dataset ? dataset.rows.length : rowCount(project);
      const idColumn = dataset?.columns.find((column) => column.role === customerRole(kind))?.name;
      datasets.push({
        kind,
        rows,
        customers:
          dataset && idColumn ? new Set(dataset.rows.map((row) => String(row[idColumn]))).size : rows,
        activeImports:
          imports.filter((entry) => entry.kind === kind && entry.state === 'active').length || (rows ? 1 : 0),
      });
    }
    return { imports: entries, datasets };
  }

  private readonly handlers: Handlers = {
    'app.info': () => ({ name: 'Tenure', version: '0.1.0', mode: 'browser', projectsDir }),
    'app.samples': () => ({
      samples: [
        {
          id: 'telco',
          title: 'IBM Telco customer churn',
          description: '7,043 customers of a fictional telecom company.',
          path: join(samplesDir, 'telco_churn.csv'),
          rows: 7043,
          attribution: 'IBM sample data via the R package modeldata (MIT).',
          kind: 'customers',
          suggestedMapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
          tenureUnit: 'months',
        },
        {
          id: 'cdnow',
          title: 'CDNOW purchase log',
          description: '69,659 purchases by 23,570 customers of an online music shop, 1997–1998.',
          path: join(samplesDir, 'cdnow_transactions.csv'),
          rows: 69659,
          attribution: 'CDNOW master data set (Bruce Hardie), via the Python package lifetimes (MIT).',
          kind: 'transactions',
          suggestedMapping: { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' },
        },
      ],
    }),
    'project.recent': () => ({ projects: this.recent, projectsDir }),
    'project.forget': (request) => {
      this.recent = this.recent.filter((project) => project.path !== request.path);
      return { projects: this.recent };
    },
    'project.create': (request) => {
      if (this.projects.has(request.path)) {
        throw { code: 'ALREADY_EXISTS', message: `${request.path} already exists.` } satisfies AppErrorData;
      }
      const project: FakeProject = {
        path: request.path,
        name: request.name ?? request.path,
        createdAt: new Date().toISOString(),
        columns: [],
        rows: [],
        lastImport: null,
        datasets: {},
        imports: [],
      };
      this.projects.set(request.path, project);
      this.remember(project);
      return this.info(project);
    },
    'project.open': (request) => {
      const project = this.project(request.path);
      this.remember(project);
      return this.info(project);
    },
    'project.info': (request) => this.info(this.project(request.project)),
    'import.inspect': async (request) => {
      const file = await readTable(request.path, request.options ?? {}, this.workbooks);
      const guess = guessKind(file.header);
      const kind = request.kind ?? guess.value;
      const project = request.project ? this.projects.get(request.project) : undefined;
      const shape = shapeOf(file.header);
      const last = [...(project?.imports ?? [])].reverse().find((entry) => entry.shape === shape);
      return {
        file: { path: file.path, name: file.name, size: file.size },
        options: file.options,
        detected: file.detected,
        columns: inspectColumns(file),
        preview: file.records.slice(0, request.previewRows).map(({ line, values }) => ({ line, values })),
        sampledRows: file.records.length,
        sampleIsWholeFile: true,
        format: file.format,
        sheets: file.sheets,
        kind: request.kind ? { value: kind, reason: 'you chose it' } : guess,
        suggestedMapping: suggestMapping(kind, file.header),
        remembered: last
          ? {
              importId: last.id,
              fileName: last.fileName,
              importedAt: last.finishedAt,
              settings: last.settings,
            }
          : null,
        warnings: file.warnings,
      };
    },
    'import.run': async (request, context) => {
      const project = this.project(request.project);
      const file = await readTable(request.path, request.options ?? {}, this.workbooks);
      const { kind, mode } = request;
      project.datasets ??= {};
      project.imports ??= [];
      const current = project.datasets[kind];
      const sameBytes = project.imports.find(
        (entry) => entry.kind === kind && entry.state === 'active' && entry.sha256 === file.sha256,
      );
      if (mode === 'append' && sameBytes && !request.allowRepeat) {
        throw {
          code: 'ALREADY_IMPORTED',
          message: `${file.name} is already in the ${datasetLabels[kind].many} (imported ${sameBytes.finishedAt.slice(0, 10)}); adding it again would count every row twice.`,
          details: { file: request.path },
        } satisfies AppErrorData;
      }
      const started = Date.now();
      const checked = checkRows(file, request, project);
      if (request.dryRun) {
        await paced(context, this.pace.dryRunMs / 2, file.records.length, 'types', 'Reading the file: types');
        await paced(context, this.pace.dryRunMs / 2, file.records.length, 'check', 'Checking every row');
      } else {
        await paced(context, this.pace.importMs / 3, file.records.length, 'types', 'Reading the file: types');
        await paced(context, (this.pace.importMs * 2) / 3, file.records.length, 'write', 'Writing rows');
      }
      const rejectedId = checked.rejected.length ? randomBytes(8).toString('hex') : null;
      if (rejectedId) {
        this.rejectedFiles.set(rejectedId, {
          fileName: `${file.name.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9]+/g, '_')}-rejected.csv`,
          csv: rejectedCsv(file, checked.rejected),
          rows: checked.rejected.length,
        });
      }
      const summary = new Map<RejectionCode, { count: number; exampleLines: number[] }>();
      for (const row of checked.rejected) {
        const entry = summary.get(row.code) ?? { count: 0, exampleLines: [] };
        entry.count++;
        if (entry.exampleLines.length < 5) entry.exampleLines.push(row.line);
        summary.set(row.code, entry);
      }
      const importId = request.dryRun
        ? null
        : Math.max(0, ...project.imports.map((entry) => entry.id), project.lastImport?.id ?? 0) + 1;
      const report: ImportReport = {
        importId,
        kind,
        mode,
        dryRun: request.dryRun,
        file: { path: file.path, name: file.name, size: file.size, sha256: file.sha256 },
        options: file.options,
        rowsRead: file.records.length,
        imported: checked.rows.length,
        replaced: mode === 'replace' ? (current?.rows.length ?? 0) : 0,
        rejectedCount: checked.rejected.length,
        rejected: checked.rejected,
        rejectedTruncated: false,
        rejectedCsv: rejectedId,
        rejectionSummary: [...summary].map(([code, entry]) => ({ code, ...entry })),
        columns: checked.columns.map((column) => ({
          ...column,
          ...(column.role === 'tenure' && request.tenureUnit ? { unit: request.tenureUnit } : {}),
        })),
        ...(kind === 'customers' && request.mapping.churned ? { churnedValues: checked.churnedValues } : {}),
        durationMs: Date.now() - started,
      };
      if (!request.dryRun && checked.rows.length === 0) {
        throw {
          code: 'NOTHING_IMPORTED',
          message: 'Every row was rejected; nothing was imported.',
        } satisfies AppErrorData;
      }
      if (!request.dryRun) {
        const columns = checked.columns.filter((column) => column.role !== 'ignore');
        const replacedIds =
          mode === 'replace'
            ? project.imports
                .filter((entry) => entry.kind === kind && entry.state === 'active')
                .map((entry) => entry.id)
            : [];
        for (const entry of project.imports) if (replacedIds.includes(entry.id)) entry.state = 'replaced';
        project.datasets[kind] = {
          columns: columns.map(({ name, type, role }) => ({ name, type, role })),
          rows: mode === 'append' && current ? [...current.rows, ...checked.rows] : checked.rows,
        };
        const now = new Date().toISOString();
        project.imports.push({
          id: importId!,
          kind,
          mode,
          fileName: file.name,
          filePath: file.path,
          sha256: file.sha256,
          startedAt: new Date(started).toISOString(),
          finishedAt: now,
          rowsRead: report.rowsRead,
          imported: report.imported,
          rejected: report.rejectedCount,
          state: 'active',
          undoable: true,
          notUndoableReason: null,
          before: current ?? null,
          replacedIds,
          settings: {
            kind,
            mapping: request.mapping,
            ...(request.options ? { options: request.options } : {}),
            ...(request.types ? { types: request.types } : {}),
            ...(request.ignore ? { ignore: request.ignore } : {}),
            ...(request.churnedValues ? { churnedValues: request.churnedValues } : {}),
            ...(request.tenureUnit ? { tenureUnit: request.tenureUnit } : {}),
            ...(request.duplicateRows ? { duplicateRows: request.duplicateRows } : {}),
          },
          shape: shapeOf(file.header),
        });
        project.lastImport = {
          id: importId!,
          kind,
          fileName: file.name,
          finishedAt: now,
          imported: report.imported,
          rejected: report.rejectedCount,
        };
        rebuildView(project);
      }
      return report;
    },
    'import.history': (request) => this.history(this.project(request.project)),
    'import.undo': async (request, context) => {
      const project = this.project(request.project);
      const entry = project.imports?.find((candidate) => candidate.id === request.importId);
      const listed = this.history(project).imports.find((candidate) => candidate.id === request.importId);
      if (!entry || !listed?.undoable) {
        throw {
          code: 'NOT_UNDOABLE',
          message: listed?.notUndoableReason ?? `There is no import ${request.importId}.`,
        } satisfies AppErrorData;
      }
      await paced(context, this.pace.undoMs, 3, 'undo', 'Putting the data back', 'steps');
      project.datasets ??= {};
      if (entry.before) project.datasets[entry.kind] = entry.before;
      else delete project.datasets[entry.kind];
      entry.state = 'undone';
      for (const other of project.imports ?? [])
        if (entry.replacedIds.includes(other.id)) other.state = 'active';
      const latest = [...(project.imports ?? [])].reverse().find((other) => other.state === 'active');
      project.lastImport = latest
        ? {
            id: latest.id,
            kind: latest.kind,
            fileName: latest.fileName,
            finishedAt: latest.finishedAt,
            imported: latest.imported,
            rejected: latest.rejected,
          }
        : null;
      rebuildView(project);
      return this.history(project);
    },
    'import.rejectedCsv': (request) => {
      const file = this.rejectedFiles.get(request.id);
      if (!file)
        throw {
          code: 'NOT_FOUND',
          message: 'Those rejected rows are no longer kept.',
        } satisfies AppErrorData;
      return file;
    },
    'customers.columns': (request) => ({ columns: this.project(request.project).columns }),
    'customers.values': (request) => {
      const source = this.project(request.project).rows;
      const counts = new Map<string, { value: Row[string]; count: number }>();
      for (const row of Array.isArray(source) ? source : []) {
        const value = row[request.key] ?? null;
        const entry = counts.get(JSON.stringify(value)) ?? { value, count: 0 };
        entry.count++;
        counts.set(JSON.stringify(value), entry);
      }
      const values = [...counts.values()].sort((a, b) => b.count - a.count);
      return { values: values.slice(0, request.limit), distinct: values.length };
    },
    'customers.page': (request) => {
      const project = this.project(request.project);
      const source = project.rows;
      if (!Array.isArray(source)) {
        // Synthetic tables are served unsorted and unfiltered: they exist to test scrolling.
        const end = Math.min(source.count, request.offset + request.limit);
        const rows: Row[] = [];
        for (let index = request.offset; index < end; index++) rows.push(source.row(index));
        return { total: source.count, offset: request.offset, rows };
      }
      let rows = source.filter((row) => request.filters.every((filter) => matches(row, filter)));
      if (request.search)
        rows = rows.filter((row) => String(row[project.columns[0]!.key]).includes(request.search!));
      if (request.sort) {
        const { key, direction } = request.sort;
        const sign = direction === 'asc' ? 1 : -1;
        rows = [...rows].sort((a, b) => sign * compare(a[key] ?? null, b[key] ?? null));
      }
      return {
        total: rows.length,
        offset: request.offset,
        rows: rows.slice(request.offset, request.offset + request.limit),
      };
    },
    'overview.get': (request) => {
      const project = this.project(request.project);
      const rows = Array.isArray(project.rows) ? project.rows : [];
      const churnedKey = project.columns.find((column) => column.role === 'churned')?.key;
      const churned = churnedKey ? rows.filter((row) => row[churnedKey] === true).length : null;
      const tenureKey = project.columns.find((column) => column.role === 'tenure')?.key;
      const startKey = project.columns.find((column) => column.role === 'start')?.key;
      const definition = project.datasets ? applied(project) : null;
      const asOf = definition?.asOf ?? null;
      // Months from the start date to the as-of date, when there is no tenure column.
      const tenures = (
        tenureKey
          ? rows.map((row) => Number(row[tenureKey]))
          : startKey && asOf
            ? rows
                .filter((row) => typeof row[startKey] === 'string')
                .map((row) =>
                  Math.round((Date.parse(asOf) - Date.parse(row[startKey] as string)) / (30.44 * 86_400_000)),
                )
            : []
      ).sort((a, b) => a - b);
      return {
        customers: rowCount(project),
        churned,
        churnShare: churned === null || rows.length === 0 ? null : churned / rows.length,
        churnBasis: definition ? definition.summary : churnedKey ? `churned flag “${churnedKey}”` : null,
        tenure: tenures.length
          ? {
              median: tenures[Math.floor(tenures.length / 2)]!,
              unit: 'months',
              basis: tenureKey ? 'tenure column' : 'start date to the as-of date',
              customers: tenures.length,
            }
          : null,
        asOf: definition?.asOf ?? null,
        definition,
        attributes: project.columns
          .filter((column) => column.role === 'attribute' || column.role === 'derived')
          .map((column) => ({ key: column.key, name: column.name, type: column.type })),
      };
    },
    'overview.churnBy': (request) => {
      const project = this.project(request.project);
      const rows = Array.isArray(project.rows) ? project.rows : [];
      const churnedKey = project.columns.find((column) => column.role === 'churned')!.key;
      const column = project.columns.find((c) => c.key === request.key)!;
      const groups = new Map<string, { customers: number; churned: number }>();
      for (const row of rows) {
        const label = row[request.key] === null ? 'Missing' : String(row[request.key]);
        const group = groups.get(label) ?? { customers: 0, churned: 0 };
        group.customers++;
        if (row[churnedKey] === true) group.churned++;
        groups.set(label, group);
      }
      const churned = rows.filter((row) => row[churnedKey] === true).length;
      return {
        key: column.key,
        name: column.name,
        type: column.type,
        grouping: `${groups.size} values`,
        groups: [...groups].slice(0, request.maxGroups).map(([label, group]) => ({
          label,
          ...group,
          share: group.churned / group.customers,
        })),
        baseRate: rows.length ? churned / rows.length : 0,
        definition: project.datasets ? applied(project) : null,
      };
    },
    'churn.definition': (request) => definitionState(this.project(request.project)),
    'churn.setDefinition': async (request, context) => {
      const project = this.project(request.project);
      const kind = request.setting.definition?.kind;
      const option = kind ? definitionState(project).options.find((o) => o.kind === kind) : null;
      if (option && !option.available) {
        throw { code: 'NOT_AVAILABLE', message: `This definition ${option.note}.` } satisfies AppErrorData;
      }
      await paced(
        context,
        this.pace.definitionMs,
        rowCount(project),
        'view',
        'Recomputing the customer view',
      );
      project.churn = request.setting;
      rebuildView(project);
      return definitionState(project);
    },
    'quality.report': (request) => qualityReport(this.project(request.project)),
    'survival.km': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no survival curves.' } satisfies AppErrorData;
    },
    'survival.cox': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no Cox model.' } satisfies AppErrorData;
    },
    'drivers.list': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no drivers.' } satisfies AppErrorData;
    },
    'retention.churnOverTime': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn over time.' } satisfies AppErrorData;
    },
    'retention.cohorts': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no cohorts.' } satisfies AppErrorData;
    },
    'risk.features': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.train': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.models': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.deleteModel': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.score': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.scores': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.tiers': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.compare': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.model': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'risk.exportScores': () => {
      throw { code: 'NOT_AVAILABLE', message: 'The fake has no churn-risk models.' } satisfies AppErrorData;
    },
    'value.rfm': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.fit': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.models': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.model': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.deleteModel': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.clv': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.customers': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.tiers': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
    'value.sbg': () => {
      throw {
        code: 'NOT_AVAILABLE',
        message: 'The fake has no customer-value models.',
      } satisfies AppErrorData;
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface CheckedRows {
  rows: Row[];
  rejected: RejectedRow[];
  columns: { name: string; type: ColumnType; role: string; missing: number }[];
  churnedValues: { churned: string[]; active: string[] };
}

/** Reads and checks every row as the import would: the kind's roles, types, and the problems it rejects. */
function checkRows(
  file: ReadFile,
  request: ParsedRequestOf<'import.run'>,
  project: FakeProject,
): CheckedRows {
  const { kind, mapping } = request;
  const options = file.options;
  const roleOf = new Map(Object.entries(mapping).map(([role, column]) => [column, role]));
  for (const spec of datasetRoles[kind]) {
    if (spec.required && !mapping[spec.role]) {
      throw { code: 'MAPPING_INVALID', message: `Choose a column for ${spec.label}.` } satisfies AppErrorData;
    }
    const column = mapping[spec.role];
    if (column && !file.header.includes(column)) {
      throw {
        code: 'MAPPING_INVALID',
        message: `There is no column “${column}” in ${file.name}.`,
      } satisfies AppErrorData;
    }
  }
  const inferred = inspectColumns(file);
  const columns = file.header.map((name, index) => {
    const role = request.ignore?.includes(name) ? 'ignore' : (roleOf.get(name) ?? 'attribute');
    const spec = datasetRoles[kind].find((candidate) => candidate.role === role);
    const detected = inferred[index]!.type;
    const type: ColumnType =
      spec?.type === 'number'
        ? (request.types?.[name] ?? (detected === 'integer' ? 'integer' : 'decimal'))
        : spec?.type
          ? spec.type
          : (request.types?.[name] ?? detected);
    return { name, type, role, missing: 0, index };
  });
  const customers = project.datasets?.customers;
  const knownIds =
    kind !== 'customers' && customers
      ? new Set(
          customers.rows.map((row) => String(row[customers.columns.find((c) => c.role === 'id')!.name])),
        )
      : null;
  const seenRows = new Map<string, number>();
  const seenIds = new Set<string>();
  const headerLine = file.header.join(options.delimiter);
  const rows: Row[] = [];
  const rejected: RejectedRow[] = [];
  const churnedValues = { churned: new Set<string>(), active: new Set<string>() };
  for (const record of file.records) {
    const reject = (code: RejectionCode, reason: string, column?: string, value?: string) =>
      rejected.push({
        line: record.line,
        code,
        reason,
        ...(column ? { column } : {}),
        ...(value !== undefined ? { value } : {}),
      });
    if (record.raw.trim() === headerLine.trim()) {
      reject('repeated_header', 'the header line again (were files joined together?)');
      continue;
    }
    if (record.values.length !== file.header.length) {
      reject('ragged_row', `${record.values.length} fields where the header has ${file.header.length}`);
      continue;
    }
    const earlier = seenRows.get(record.raw);
    if (request.duplicateRows !== 'keep' && earlier !== undefined) {
      reject('duplicate_row', `the same row as line ${earlier}`);
      continue;
    }
    if (earlier === undefined) seenRows.set(record.raw, record.line);
    const row: Row = {};
    let problem = false;
    for (const column of columns) {
      if (column.role === 'ignore') continue;
      const raw = record.values[column.index] ?? '';
      const spec = datasetRoles[kind].find((candidate) => candidate.role === column.role);
      if (isMissing(raw, options)) {
        column.missing++;
        row[column.name] = null;
        if (spec?.required) {
          reject(
            column.role === 'id' ? 'missing_id' : 'missing_value',
            `no ${spec.label.toLowerCase()} in column "${column.name}"`,
            column.name,
            raw,
          );
          problem = true;
        }
        continue;
      }
      const value = raw.trim();
      if (column.role === 'churned') {
        const yes = /^(yes|true|1|ja|churned)$/i.test(value) || (request.churnedValues ?? []).includes(value);
        (yes ? churnedValues.churned : churnedValues.active).add(value);
        row[column.name] = yes;
        continue;
      }
      switch (column.type) {
        case 'integer':
        case 'decimal': {
          const number = readNumber(value, options.decimal);
          if (number === null || (column.type === 'integer' && !Number.isInteger(number))) {
            reject(
              'bad_value',
              `"${value}" is not a ${column.type === 'integer' ? 'whole number' : 'number'} with a decimal ${options.decimal === ',' ? 'comma' : 'point'} (column "${column.name}")`,
              column.name,
              value,
            );
            problem = true;
          } else row[column.name] = number;
          break;
        }
        case 'date': {
          const date = readDate(value, options.dateOrder);
          if (date === null) {
            const format = { ymd: 'yyyy-mm-dd', dmy: 'dd.mm.yyyy', mdy: 'mm/dd/yyyy' }[options.dateOrder];
            reject(
              'bad_value',
              `"${value}" is not a valid date (${format}) (column "${column.name}")`,
              column.name,
              value,
            );
            problem = true;
          } else row[column.name] = date;
          break;
        }
        case 'boolean':
          row[column.name] = /^(yes|true|1|ja|y)$/i.test(value);
          break;
        default:
          row[column.name] = value;
      }
    }
    if (problem) continue;
    const idColumn = mapping[customerRole(kind)];
    const id = idColumn ? String(row[idColumn]) : '';
    if (kind === 'customers') {
      if (seenIds.has(id)) {
        reject('duplicate_id', `customer "${id}" appeared earlier in the file`, idColumn, id);
        continue;
      }
      seenIds.add(id);
    } else if (knownIds && !knownIds.has(id)) {
      reject('unknown_customer', `customer "${id}" is not in the project's customer table`, idColumn, id);
      continue;
    }
    if (kind === 'feedback' && mapping.score) {
      const score = row[mapping.score];
      if (typeof score === 'number' && (score < 0 || score > 10)) {
        reject('score_out_of_range', `score ${score} is outside 0–10`, mapping.score, String(score));
        continue;
      }
    }
    rows.push(row);
  }
  rejected.sort((a, b) => a.line - b.line);
  return {
    rows,
    rejected,
    columns: columns.map(({ name, type, role, missing }) => ({ name, type, role, missing })),
    churnedValues: { churned: [...churnedValues.churned], active: [...churnedValues.active] },
  };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The rejected rows as the real service writes them: BOM, CRLF, the problem first, then the row as read. */
function rejectedCsv(file: ReadFile, rejected: RejectedRow[]): string {
  const byLine = new Map(file.records.map((record) => [record.line, record.values]));
  const lines = [['line', 'problem', 'column', 'value', 'reason', ...file.header].map(csvField).join(',')];
  for (const row of rejected) {
    const cells = [String(row.line), row.code, row.column ?? '', row.value ?? '', row.reason];
    lines.push([...cells, ...(byLine.get(row.line) ?? [])].map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function compare(a: CellValue, b: CellValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function matches(row: Row, filter: CustomerFilter): boolean {
  const value = row[filter.key] ?? null;
  switch (filter.op) {
    case 'contains':
      return value !== null && String(value).toLowerCase().includes(filter.value.toLowerCase());
    case 'eq':
      return value === filter.value;
    case 'neq':
      return value !== filter.value;
    case 'lt':
      return value !== null && value < filter.value;
    case 'lte':
      return value !== null && value <= filter.value;
    case 'gt':
      return value !== null && value > filter.value;
    case 'gte':
      return value !== null && value >= filter.value;
    case 'missing':
      return value === null;
    case 'present':
      return value !== null;
  }
}

/** A project with `count` synthetic customers, generated on demand (for scrolling a million rows). */
export function syntheticProject(path: string, count: number): FakeProject {
  const plans = ['Basic', 'Standard', 'Premium'];
  const columns: CustomerColumn[] = [
    { key: 'id', name: 'id', type: 'text', role: 'id' },
    { key: 'plan', name: 'plan', type: 'category', role: 'attribute' },
    { key: 'months', name: 'months', type: 'integer', role: 'tenure', unit: 'months' },
    { key: 'churned', name: 'churned', type: 'boolean', role: 'churned' },
  ];
  return {
    path,
    name: 'A million customers',
    createdAt: '2025-01-01T00:00:00.000Z',
    columns,
    rows: {
      count,
      row: (index) => ({
        id: `C${String(index + 1).padStart(7, '0')}`,
        plan: plans[index % 3]!,
        months: (index * 7) % 72,
        churned: index % 4 === 0,
      }),
    },
    lastImport: {
      id: 1,
      kind: 'customers',
      fileName: 'million.csv',
      finishedAt: '2025-01-01T00:00:00.000Z',
      imported: count,
      rejected: 0,
    },
  };
}
