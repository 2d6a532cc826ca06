import { resolve } from 'node:path';
import type { ImportRequest, ImportReport, InspectResponse } from '@shared/contract/import';
import { ColumnType, TenureUnit } from '@shared/domain/columns';
import {
  customerRoleOf,
  datasetLabels,
  datasetRoles,
  DatasetKind,
  ImportMode,
  rolesOf,
  type RoleMapping,
} from '@shared/domain/datasets';
import { DateOrder, Encoding, type ParseOptions } from '@shared/domain/parse-options';
import { UsageError } from './usage-error';

/** The parsed options of `tenure import`, before any call. */
export interface ImportArgs {
  project: string;
  file: string;
  kind: DatasetKind;
  mode: ImportMode;
  mapping: RoleMapping;
  options: Partial<ParseOptions>;
  types: Record<string, ColumnType> | undefined;
  ignore: string[] | undefined;
  churnedValues: string[] | undefined;
  tenureUnit: TenureUnit | undefined;
  keepDuplicates: boolean;
  allowRepeat: boolean;
  dryRun: boolean;
  /** Where to save the rejected rows as CSV (absolute), if asked. */
  rejectedOut: string | undefined;
}

export interface ImportFlags {
  kind?: string | undefined;
  map?: string[] | undefined;
  mode?: string | undefined;
  'churned-value'?: string[] | undefined;
  'tenure-unit'?: string | undefined;
  type?: string[] | undefined;
  ignore?: string[] | undefined;
  delimiter?: string | undefined;
  encoding?: string | undefined;
  decimal?: string | undefined;
  'date-order'?: string | undefined;
  'date-format'?: string | undefined;
  missing?: string | undefined;
  sheet?: string | undefined;
  'skip-rows'?: string | undefined;
  'no-header'?: boolean | undefined;
  'keep-duplicates'?: boolean | undefined;
  'allow-repeat'?: boolean | undefined;
  'dry-run'?: boolean | undefined;
  rejected?: string | undefined;
  rejects?: string | undefined;
}

const kindList = DatasetKind.options.join('|');

/** Turns `tenure import` arguments into what the import channels take; every mistake is a UsageError. */
export function importArgs(positionals: string[], flags: ImportFlags, cwd: string): ImportArgs {
  const usage = (message: string) => new UsageError(message, 'import');
  const [project, file, ...extra] = positionals;
  if (!project || !file)
    throw usage(`import needs a project and a file: tenure import P.tenure FILE.csv --kind ${kindList}`);
  if (extra.length) throw usage(`Unexpected argument "${extra[0]}".`);
  if (flags.kind === undefined) throw usage(`Say what the file holds: --kind ${kindList}.`);
  const parsedKind = DatasetKind.safeParse(flags.kind);
  if (!parsedKind.success) throw usage(`--kind ${flags.kind} is not a kind of data; kinds are ${kindList}.`);
  const kind = parsedKind.data;

  let mode: ImportMode = 'replace';
  if (flags.mode !== undefined) {
    const parsed = ImportMode.safeParse(flags.mode);
    if (!parsed.success) throw usage(`--mode takes append or replace, not "${flags.mode}".`);
    mode = parsed.data;
  }

  const roles = rolesOf(kind);
  const mapping: RoleMapping = {};
  for (const entry of flags.map ?? []) {
    const eq = entry.indexOf('=');
    const role = entry.slice(0, eq);
    const column = entry.slice(eq + 1);
    if (eq <= 0 || column === '') throw usage(`--map takes ROLE=COLUMN, not "${entry}".`);
    if (!roles.includes(role)) {
      throw usage(`--map: "${role}" is not a role of ${kind}; its roles are ${roles.join(', ')}.`);
    }
    if (mapping[role] !== undefined) throw usage(`--map ${role}= is given twice.`);
    mapping[role] = column;
  }
  if (kind !== 'customers') {
    for (const [flag, given] of [
      ['--churned-value', flags['churned-value']],
      ['--tenure-unit', flags['tenure-unit']],
    ] as const) {
      if (given !== undefined) throw usage(`${flag} is for customer tables (--kind customers).`);
    }
  }

  let types: Record<string, ColumnType> | undefined;
  for (const entry of flags.type ?? []) {
    // Split at the last "=": a column name may contain one, a type never does.
    const eq = entry.lastIndexOf('=');
    const column = entry.slice(0, eq);
    const type = entry.slice(eq + 1);
    if (eq <= 0) throw usage(`--type takes COLUMN=TYPE, not "${entry}".`);
    const parsed = ColumnType.safeParse(type);
    if (!parsed.success)
      throw usage(`--type: "${type}" is not a type; types are ${ColumnType.options.join(', ')}.`);
    types = { ...types, [column]: parsed.data };
  }

  const options: Partial<ParseOptions> = {};
  if (flags.delimiter !== undefined) {
    const delimiter = flags.delimiter === 'tab' || flags.delimiter === '\\t' ? '\t' : flags.delimiter;
    if (delimiter.length !== 1) throw usage('--delimiter takes one character (or "tab").');
    options.delimiter = delimiter;
  }
  if (flags.encoding !== undefined) {
    const lowered = flags.encoding.toLowerCase();
    const parsed = Encoding.safeParse(
      lowered === 'utf8' ? 'utf-8' : lowered === 'latin1' ? 'iso-8859-1' : lowered,
    );
    if (!parsed.success) {
      throw usage(
        `--encoding: "${flags.encoding}" is not one Tenure reads; it reads ${Encoding.options.join(', ')}.`,
      );
    }
    options.encoding = parsed.data;
  }
  if (flags.decimal !== undefined) {
    if (flags.decimal !== '.' && flags.decimal !== ',') throw usage('--decimal takes "." or ",".');
    options.decimal = flags.decimal;
  }
  if (flags['date-order'] !== undefined && flags['date-format'] !== undefined) {
    throw usage('Give --date-order or --date-format, not both.');
  }
  if (flags['date-order'] !== undefined) {
    const parsed = DateOrder.safeParse(flags['date-order']);
    if (!parsed.success) throw usage('--date-order takes dmy (day first), mdy (month first) or ymd.');
    options.dateOrder = parsed.data;
  }
  if (flags['date-format'] !== undefined) options.dateOrder = dateOrderOf(flags['date-format']);
  if (flags.missing !== undefined) options.missing = flags.missing.split(',').map((token) => token.trim());
  if (flags.sheet !== undefined) options.sheet = flags.sheet;
  if (flags['skip-rows'] !== undefined) {
    const rows = Number(flags['skip-rows']);
    if (!Number.isInteger(rows) || rows < 0 || rows > 10_000)
      throw usage('--skip-rows takes a whole number (0-10000).');
    options.skipRows = rows;
  }
  if (flags['no-header']) options.hasHeader = false;

  let tenureUnit: TenureUnit | undefined;
  if (flags['tenure-unit'] !== undefined) {
    const parsed = TenureUnit.safeParse(flags['tenure-unit']);
    if (!parsed.success) throw usage(`--tenure-unit takes ${TenureUnit.options.join(', ')}.`);
    tenureUnit = parsed.data;
  }
  if (flags.rejected !== undefined && flags.rejects !== undefined) throw usage('Give --rejected once.');
  const rejectedOut = flags.rejected ?? flags.rejects;

  return {
    project: resolve(cwd, project),
    file: resolve(cwd, file),
    kind,
    mode,
    mapping,
    options,
    types,
    ignore: flags.ignore,
    churnedValues: flags['churned-value'],
    tenureUnit,
    keepDuplicates: flags['keep-duplicates'] ?? false,
    allowRepeat: flags['allow-repeat'] ?? false,
    dryRun: flags['dry-run'] ?? false,
    rejectedOut: rejectedOut === undefined ? undefined : resolve(cwd, rejectedOut),
  };
}

/** The date order a format like dd.mm.yyyy, mm/dd/yyyy or yyyy-mm-dd says (d before m: day first). */
export function dateOrderOf(format: string): DateOrder {
  const lower = format.toLowerCase();
  const d = lower.indexOf('d');
  const m = lower.indexOf('m');
  const y = lower.indexOf('y');
  if (d < 0 || m < 0 || y < 0) {
    throw new UsageError(
      `--date-format takes a pattern such as dd.mm.yyyy, mm/dd/yyyy or yyyy-mm-dd, not "${format}".`,
      'import',
    );
  }
  if (y < d && y < m) return 'ymd';
  return d < m ? 'dmy' : 'mdy';
}

/**
 * The mapping to import with: the user's --map, and for the customer id (the one role every import
 * needs, `id` or `customer`) the inspection's suggestion when the user gave none. Other roles are never
 * guessed: a wrong churned or amount column would silently give wrong figures, so a required role
 * without --map is a usage error that names the suggestion. Returns notes for stderr.
 */
export function completeMapping(
  kind: DatasetKind,
  given: RoleMapping,
  inspected: InspectResponse,
): { mapping: RoleMapping; notes: string[] } {
  const notes: string[] = [];
  const customerRole = customerRoleOf(kind);
  const columns = `Columns: ${inspected.columns.map((c) => c.name).join(', ')}.`;
  let customer = given[customerRole];
  if (customer === undefined) {
    customer = inspected.suggestedMapping[customerRole];
    if (customer === undefined) {
      throw new UsageError(
        `No --map ${customerRole}=COLUMN given and no column looks like a customer id. ${columns}`,
        'import',
      );
    }
    notes.push(
      `No --map ${customerRole} given: using column "${customer}" as the customer id (the inspection's suggestion).`,
    );
  }
  const mapping: RoleMapping = { ...given, [customerRole]: customer };
  const missing = datasetRoles[kind].filter((spec) => spec.required && mapping[spec.role] === undefined);
  if (missing.length > 0) {
    const suggested = missing
      .filter((spec) => inspected.suggestedMapping[spec.role] !== undefined)
      .map((spec) => `--map ${spec.role}=${inspected.suggestedMapping[spec.role]}`);
    throw new UsageError(
      `Importing ${datasetLabels[kind].many} needs ${missing.map((spec) => `--map ${spec.role}=COLUMN`).join(' and ')}` +
        (suggested.length ? ` (the inspection suggests ${suggested.join(' ')}).` : `. ${columns}`),
      'import',
    );
  }
  const unused = Object.entries(inspected.suggestedMapping).filter(
    ([role, column]) => role !== customerRole && column !== undefined && given[role] === undefined,
  );
  if (unused.length) {
    notes.push(
      `The inspection also suggests ${unused.map(([role, column]) => `--map ${role}=${column}`).join(' ')} (not applied).`,
    );
  }
  return { mapping, notes };
}

export function importRequest(
  args: ImportArgs,
  inspected: InspectResponse,
  mapping: RoleMapping,
): ImportRequest {
  return {
    project: args.project,
    path: args.file,
    kind: args.kind,
    mode: args.mode,
    // The options the inspection settled on (its guesses plus the user's overrides), so the import reads
    // the file exactly as inspected.
    options: inspected.options,
    mapping,
    ...(args.types ? { types: args.types } : {}),
    ...(args.ignore ? { ignore: args.ignore } : {}),
    ...(args.churnedValues ? { churnedValues: args.churnedValues } : {}),
    ...(args.tenureUnit ? { tenureUnit: args.tenureUnit } : {}),
    ...(args.keepDuplicates ? { duplicateRows: 'keep' as const } : {}),
    allowRepeat: args.allowRepeat,
    dryRun: args.dryRun,
  };
}

/** What `tenure import` prints: the figures a script needs, not the whole report. */
export function importSummary(report: ImportReport) {
  return {
    importId: report.importId,
    kind: report.kind,
    mode: report.mode,
    imported: report.imported,
    replaced: report.replaced,
    rejectedCount: report.rejectedCount,
    rejected: report.rejected.map(({ line, reason }) => ({ line, reason })),
    columns: report.columns.map(({ name, type, role, unit }) =>
      unit ? { name, type, role, unit } : { name, type, role },
    ),
    dryRun: report.dryRun,
  };
}
