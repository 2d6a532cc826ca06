import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isChannelName, type ChannelName, type RequestOf, type ResponseOf } from '@shared/contract';
import type { InspectResponse, ImportReport } from '@shared/contract/import';
import { datasetLabels } from '@shared/domain/datasets';
import { AppError, type AppErrorData } from '@shared/errors';
import type { AppEnvironment } from '../../app/environment';
import { startBrowserMode } from '../../app/browser-launcher';
import { createEnvironment } from '../../app/create-environment';
import { rejectedCsvHeader } from '../../import/rejected-csv';
import { createServices } from '../../services';
import { createDispatch, type Dispatch } from '../dispatch';
import { commandHelp, isCommandName, overviewHelp } from './help';
import {
  completeMapping,
  importArgs,
  importRequest,
  importSummary,
  type ImportFlags,
} from './import-command';
import {
  churnRateFlags,
  churnRateRequest,
  cohortsFlags,
  cohortsRequest,
  driversFlags,
  driversRequest,
} from './analysis-commands';
import { progressLine } from './progress-line';
import {
  compareFlags,
  compareRequest,
  scoreFlags,
  scoreRequest,
  scoresCsvHeader,
  scoresCsvLines,
  trainFlags,
  trainRequest,
} from './risk-commands';
import { writeScoresXlsx } from './scores-xlsx';
import { coxFlags, coxRequest, survivalFlags, survivalRequest } from './survival-command';
import {
  btydFlags,
  btydOutput,
  btydRequest,
  clvFlags,
  clvRequest,
  gammaGammaFlags,
  gammaGammaOutput,
  gammaGammaRequest,
  rfmFlags,
  rfmRequest,
  sbgFlags,
  sbgOutput,
  sbgRequest,
} from './value-commands';
import { valueCsvHeader, valueCsvLines } from '@shared/value-csv';
import { UsageError } from './usage-error';

/** A running set of services the CLI calls into, in this process. */
export interface Connection {
  dispatch: Dispatch;
  close(): Promise<void>;
}

/** Everything the CLI touches outside itself, so tests run it in-process with captured output. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: AsyncIterable<string | Buffer>;
  /** Relative project and file paths resolve against this. */
  cwd: string;
  /** Aborted on Ctrl-C: cancels the running call (or stops `serve`). */
  signal: AbortSignal;
  /** The environment the services run in (default: the installed app's, mode "cli"). */
  environment?: AppEnvironment;
  /** Builds the services (tests pass a fake); default: the real services for `environment`. */
  connect?: () => Connection;
}

export const exitCodes = { ok: 0, error: 1, usage: 2, cancelled: 130 } as const;

/** Raised by a command to end with an application error (exit 1, or 130 when cancelled). */
class CallFailed extends Error {
  constructor(readonly error: AppErrorData) {
    super(error.message);
  }
}

/**
 * `tenure …`: the command line over the same dispatch as the other transports. Returns the exit status.
 * JSON results go to stdout, everything for people to stderr.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let connection: Connection | null = null;
  const connect = (): Connection => {
    connection ??= io.connect ? io.connect() : realConnection(io);
    return connection;
  };
  try {
    return await runCommand(argv, io, connect);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = error.command
        ? `Run "tenure help ${error.command}" for its usage.`
        : 'Run "tenure --help" for usage.';
      io.stderr.write(`tenure: ${error.message}\n${hint}\n`);
      return exitCodes.usage;
    }
    const data = error instanceof CallFailed ? error.error : AppError.toData(error);
    if (data.code === 'CANCELLED' || io.signal.aborted) {
      io.stderr.write('tenure: cancelled.\n');
      return exitCodes.cancelled;
    }
    io.stderr.write(`tenure: ${data.message}${where(data.details)}\n`);
    return exitCodes.error;
  } finally {
    // `connection` is assigned inside the connect closure, which TypeScript's flow analysis cannot see.
    await (connection as Connection | null)?.close();
  }
}

async function runCommand(argv: string[], io: CliIo, connect: () => Connection): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    (command === undefined ? io.stderr : io.stdout).write(`${overviewHelp}\n`);
    return command === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) io.stdout.write(`${overviewHelp}\n`);
    else if (isCommandName(topic)) io.stdout.write(`${commandHelp[topic]}\n`);
    else throw new UsageError(`There is no command "${topic}".`);
    return exitCodes.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${(io.environment ?? createEnvironment('cli')).version}\n`);
    return exitCodes.ok;
  }
  if (!isCommandName(command)) throw new UsageError(`There is no command "${command}".`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${commandHelp[command]}\n`);
    return exitCodes.ok;
  }

  const call = async <N extends ChannelName>(name: N, request: unknown): Promise<ResponseOf<N>> => {
    const progress = progressLine(io.stderr);
    try {
      const result = await connect().dispatch(name, request, {
        signal: io.signal,
        onProgress: progress.update,
      });
      if (!result.ok) throw new CallFailed(result.error);
      return result.value as ResponseOf<N>;
    } finally {
      progress.done();
    }
  };
  /** Every customer of a value fit, read page by page (value.customers caps a page at 5,000). */
  const allValueCustomers = async (
    request: Omit<RequestOf<'value.customers'>, 'offset' | 'limit'>,
  ): Promise<ResponseOf<'value.customers'>['customers']> => {
    const customers: ResponseOf<'value.customers'>['customers'] = [];
    for (let offset = 0; ; offset += 5000) {
      const page = await call('value.customers', { ...request, offset, limit: 5000 });
      customers.push(...page.customers);
      if (offset + 5000 >= page.total) return customers;
    }
  };
  const printJson = (value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  /** The customer table's columns, read only when a flag names one (--by, --filter). */
  const columnsFor = async (project: string, needed: boolean) =>
    needed ? (await call('customers.columns', { project })).columns : [];
  /** --rejected FILE: the rejected rows as CSV; only the header line when none was rejected. */
  const saveRejected = async (out: string, id: string | null, columns: string[]) => {
    const csv = id === null ? rejectedCsvHeader(columns) : (await call('import.rejectedCsv', { id })).csv;
    try {
      writeFileSync(out, csv);
    } catch (error) {
      throw new AppError(
        'FILE_UNREADABLE',
        `Cannot write the rejected rows to ${out}: ${(error as Error).message}`,
        {
          file: out,
        },
      );
    }
    io.stderr.write(`Rejected rows written to ${out}.\n`);
  };

  switch (command) {
    case 'call': {
      const { positionals } = parse(rest, {}, command);
      const [channel, json, ...extra] = positionals;
      if (!channel) throw new UsageError('call needs a channel name, e.g. tenure call app.info', command);
      if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}" (quote the JSON).`, command);
      if (!isChannelName(channel)) throw new UsageError(`There is no channel "${channel}".`, command);
      const text = json === '-' ? await readAll(io.stdin) : (json ?? '{}');
      let request: unknown;
      try {
        request = text.trim() === '' ? {} : JSON.parse(text);
      } catch (error) {
        throw new UsageError(`The request is not valid JSON: ${(error as Error).message}`, command);
      }
      printJson(await call(channel, request));
      return exitCodes.ok;
    }
    case 'new': {
      const { positionals, values } = parse(rest, { name: { type: 'string' } }, command);
      const path = onePath(positionals, command);
      const name = values.name;
      const info = await call('project.create', {
        path: resolve(io.cwd, path),
        ...(typeof name === 'string' ? { name } : {}),
      });
      io.stderr.write(`Created ${info.path}.\n`);
      printJson(info);
      return exitCodes.ok;
    }
    case 'import': {
      const { positionals, values } = parse(
        rest,
        {
          kind: { type: 'string' },
          map: { type: 'string', multiple: true },
          mode: { type: 'string' },
          'churned-value': { type: 'string', multiple: true },
          'tenure-unit': { type: 'string' },
          type: { type: 'string', multiple: true },
          ignore: { type: 'string', multiple: true },
          delimiter: { type: 'string' },
          encoding: { type: 'string' },
          decimal: { type: 'string' },
          'date-order': { type: 'string' },
          'date-format': { type: 'string' },
          missing: { type: 'string' },
          sheet: { type: 'string' },
          'skip-rows': { type: 'string' },
          'no-header': { type: 'boolean' },
          'keep-duplicates': { type: 'boolean' },
          'allow-repeat': { type: 'boolean' },
          'dry-run': { type: 'boolean' },
          rejected: { type: 'string' },
          rejects: { type: 'string' },
        },
        command,
      );
      const args = importArgs(positionals, values as ImportFlags, io.cwd);
      const inspected: InspectResponse = await call('import.inspect', {
        path: args.file,
        kind: args.kind,
        options: args.options,
        previewRows: 5,
      });
      const { mapping, notes } = completeMapping(args.kind, args.mapping, inspected);
      for (const note of notes) io.stderr.write(`tenure: ${note}\n`);
      let report: ImportReport;
      try {
        report = await call('import.run', importRequest(args, inspected, mapping));
      } catch (error) {
        // Nothing imported: the rejected rows are what the user needs to see, so save them anyway.
        const rejectedCsv = error instanceof CallFailed ? error.error.details?.rejectedCsv : undefined;
        if (args.rejectedOut !== undefined && typeof rejectedCsv === 'string') {
          await saveRejected(args.rejectedOut, rejectedCsv, []);
        }
        throw error;
      }
      const many = datasetLabels[report.kind].many;
      io.stderr.write(
        `${report.dryRun ? 'Dry run: would import' : report.mode === 'append' ? 'Appended' : 'Imported'} ${report.imported} ${many} from ${report.file.name}` +
          `; ${report.rejectedCount} rows rejected.\n`,
      );
      if (args.rejectedOut !== undefined) {
        await saveRejected(
          args.rejectedOut,
          report.rejectedCsv,
          report.columns.map((column) => column.name),
        );
      }
      printJson(importSummary(report));
      return exitCodes.ok;
    }
    case 'history': {
      const { positionals } = parse(rest, {}, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      printJson(await call('import.history', { project }));
      return exitCodes.ok;
    }
    case 'undo': {
      const { positionals } = parse(rest, {}, command);
      const [path, id, ...extra] = positionals;
      if (!path || !id)
        throw new UsageError('undo needs a project and an import id: tenure undo P.tenure 3', command);
      if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`, command);
      const importId = Number(id.replace(/^#/, ''));
      if (!Number.isSafeInteger(importId) || importId <= 0) {
        throw new UsageError(`"${id}" is not an import id (see tenure history).`, command);
      }
      const history = await call('import.undo', { project: resolve(io.cwd, path), importId });
      const undone = history.imports.find((entry) => entry.id === importId);
      io.stderr.write(`Undid import #${importId}${undone ? ` (${undone.fileName})` : ''}.\n`);
      printJson(history);
      return exitCodes.ok;
    }
    case 'overview': {
      const { positionals } = parse(rest, {}, command);
      const path = onePath(positionals, command);
      printJson(await call('overview.get', { project: resolve(io.cwd, path) }));
      return exitCodes.ok;
    }
    case 'survival': {
      const { positionals, values } = parse(rest, survivalFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const { columns } =
        values.by === undefined && values.filter === undefined
          ? { columns: [] }
          : await call('customers.columns', { project });
      printJson(await call('survival.km', survivalRequest(project, values, columns)));
      return exitCodes.ok;
    }
    case 'cox': {
      const { positionals, values } = parse(rest, coxFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const { columns } = await call('customers.columns', { project });
      printJson(await call('survival.cox', coxRequest(project, values, columns)));
      return exitCodes.ok;
    }
    case 'drivers': {
      const { positionals, values } = parse(rest, driversFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const columns = await columnsFor(project, values.filter !== undefined);
      printJson(await call('drivers.list', driversRequest(project, values, columns)));
      return exitCodes.ok;
    }
    case 'churn-rate': {
      const { positionals, values } = parse(rest, churnRateFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const columns = await columnsFor(project, values.filter !== undefined);
      printJson(await call('retention.churnOverTime', churnRateRequest(project, values, columns)));
      return exitCodes.ok;
    }
    case 'cohorts': {
      const { positionals, values } = parse(rest, cohortsFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const columns = await columnsFor(project, values.filter !== undefined || values.by !== undefined);
      printJson(await call('retention.cohorts', cohortsRequest(project, values, columns)));
      return exitCodes.ok;
    }
    case 'train': {
      const { positionals, values } = parse(rest, trainFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const columns = await columnsFor(project, values.filter !== undefined);
      const request = trainRequest(project, values, columns, (path) =>
        readFileSync(resolve(io.cwd, path), 'utf8'),
      );
      const result = await call('risk.train', request);
      io.stderr.write(
        `Saved the model "${result.name}": cross-validated AUC ${result.auc.mean?.toFixed(3) ?? 'n/a'} over ${result.folds.length} folds.\n`,
      );
      printJson(result);
      return exitCodes.ok;
    }
    case 'score': {
      const { positionals, values } = parse(rest, scoreFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const request = scoreRequest(project, values);
      const scored = await call('risk.score', request);
      const { tiers, total } = await call('risk.tiers', { project, model: scored.modelId });
      if (values.out !== undefined) {
        const out = resolve(io.cwd, values.out);
        const reasons = request.reasons ?? 3;
        async function* pages() {
          for (let offset = 0; offset < scored.customers; offset += 5000)
            yield (await call('risk.scores', { project, model: scored.modelId, offset, limit: 5000 }))
              .customers;
        }
        try {
          if (/\.xlsx$/i.test(out)) await writeScoresXlsx(out, reasons, pages());
          else {
            let csv = scoresCsvHeader(reasons);
            for await (const page of pages()) csv += scoresCsvLines(page, reasons);
            writeFileSync(out, csv);
          }
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw new AppError(
            'FILE_UNREADABLE',
            `Cannot write the scores to ${out}: ${(error as Error).message}`,
            {
              file: out,
            },
          );
        }
        io.stderr.write(`Scores of ${scored.customers} customers written to ${out}.\n`);
      }
      printJson({ ...scored, tiers, total });
      return exitCodes.ok;
    }
    case 'compare': {
      const { positionals, values } = parse(rest, compareFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      printJson(await call('risk.compare', compareRequest(project, values)));
      return exitCodes.ok;
    }
    case 'models': {
      const { positionals } = parse(rest, {}, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      printJson(await call('risk.models', { project }));
      return exitCodes.ok;
    }
    case 'rfm': {
      const { positionals, values } = parse(rest, rfmFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      printJson(await call('value.rfm', rfmRequest(project, values)));
      return exitCodes.ok;
    }
    case 'btyd': {
      const { positionals, values } = parse(rest, btydFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const result = await call('value.fit', btydRequest(project, values));
      io.stderr.write(
        `Fitted ${result.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD'} on ${result.customers} customers (saved as "${result.name}").\n`,
      );
      const predictions = values.predictions
        ? await allValueCustomers({ project, model: result.id, sort: 'customerId', direction: 'asc' })
        : null;
      printJson(btydOutput(result, predictions));
      return exitCodes.ok;
    }
    case 'gamma-gamma': {
      const { positionals, values } = parse(rest, gammaGammaFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      printJson(gammaGammaOutput(await call('value.fit', gammaGammaRequest(project, values))));
      return exitCodes.ok;
    }
    case 'clv': {
      const { positionals, values } = parse(rest, clvFlags, command);
      const project = resolve(io.cwd, onePath(positionals, command));
      const result = await call('value.fit', clvRequest(project, values));
      if (values.out !== undefined) {
        const out = resolve(io.cwd, values.out);
        const csv = valueCsvHeader + valueCsvLines(await allValueCustomers({ project, model: result.id }));
        try {
          writeFileSync(out, csv);
        } catch (error) {
          throw new AppError(
            'FILE_UNREADABLE',
            `Cannot write the values to ${out}: ${(error as Error).message}`,
            {
              file: out,
            },
          );
        }
        io.stderr.write(`Values of the customers written to ${out}.\n`);
      }
      printJson({
        model: result.model,
        savedAs: result.name,
        predictedAt: result.predictedAt,
        ...result.clv,
        warnings: result.warnings,
      });
      return exitCodes.ok;
    }
    case 'sbg': {
      const { positionals, values } = parse(rest, sbgFlags, command);
      if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`, command);
      printJson(
        sbgOutput(
          await call(
            'value.sbg',
            sbgRequest(values, (path) => resolve(io.cwd, path)),
          ),
        ),
      );
      return exitCodes.ok;
    }
    case 'serve': {
      const { positionals, values } = parse(
        rest,
        { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
        command,
      );
      const project = resolve(io.cwd, onePath(positionals, command));
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
        throw new UsageError(`--port takes a port number (0-65535), not "${String(values.port)}".`, command);
      }
      const app = await startBrowserMode({
        project,
        ...(port === undefined ? {} : { port }),
        open: !values['no-open'],
        log: (line) => io.stderr.write(`${line}\n`),
        ...(io.environment ? { environment: io.environment } : {}),
      });
      printJson({ url: app.url, port: app.bridge.port, project });
      if (!io.signal.aborted)
        await new Promise((done) => io.signal.addEventListener('abort', done, { once: true }));
      io.stderr.write('Stopping Tenure…\n');
      await app.close();
      return exitCodes.ok;
    }
    case 'help':
      return exitCodes.ok;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse<O extends Options>(args: string[], options: O, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}

function onePath(positionals: string[], command: string): string {
  const [path, ...extra] = positionals;
  if (!path)
    throw new UsageError(`${command} needs a project file, e.g. tenure ${command} project.tenure`, command);
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`, command);
  return path;
}

function realConnection(io: CliIo): Connection {
  const services = createServices(io.environment ?? createEnvironment('cli'));
  return { dispatch: createDispatch(services.handlers), close: () => services.close() };
}

async function readAll(stdin: AsyncIterable<string | Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text;
}

/** " (data.csv, line 12, column 3)" from an error's details, when it names a place in a file. */
function where(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  const parts: string[] = [];
  if (typeof details.file === 'string') parts.push(details.file);
  if (typeof details.line === 'number') parts.push(`line ${details.line}`);
  if (typeof details.column === 'number' || typeof details.column === 'string')
    parts.push(`column ${details.column}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
