import { resolve } from 'node:path';
import type { CustomerMapping, ImportRequest, ImportReport, InspectResponse } from '@shared/contract/import';
import {
  ColumnType,
  mappableCustomerRoles,
  TenureUnit,
  type MappableCustomerRole,
} from '@shared/domain/columns';
import { Encoding, type ParseOptions } from '@shared/domain/parse-options';
import { UsageError } from './usage-error';

/** The parsed options of `tenure import`, before any call. */
export interface ImportArgs {
  project: string;
  file: string;
  mapping: Partial<CustomerMapping>;
  options: Partial<ParseOptions>;
  types: Record<string, ColumnType> | undefined;
  ignore: string[] | undefined;
  churnedValues: string[] | undefined;
  tenureUnit: TenureUnit | undefined;
  dryRun: boolean;
}

export interface ImportFlags {
  kind?: string | undefined;
  map?: string[] | undefined;
  'churned-value'?: string[] | undefined;
  'tenure-unit'?: string | undefined;
  type?: string[] | undefined;
  ignore?: string[] | undefined;
  delimiter?: string | undefined;
  encoding?: string | undefined;
  decimal?: string | undefined;
  'no-header'?: boolean | undefined;
  'dry-run'?: boolean | undefined;
}

/** Turns `tenure import` arguments into what the import channels take; every mistake is a UsageError. */
export function importArgs(positionals: string[], flags: ImportFlags, cwd: string): ImportArgs {
  const [project, file, ...extra] = positionals;
  if (!project || !file)
    throw new UsageError(
      'import needs a project and a file: tenure import P.tenure FILE.csv --kind customers',
      'import',
    );
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`, 'import');
  if (flags.kind === undefined) throw new UsageError('Say what the file holds: --kind customers.', 'import');
  if (flags.kind !== 'customers') {
    throw new UsageError(
      `--kind ${flags.kind} is not supported yet; only customer tables (--kind customers).`,
      'import',
    );
  }

  const mapping: Partial<CustomerMapping> = {};
  for (const entry of flags.map ?? []) {
    const eq = entry.indexOf('=');
    const role = entry.slice(0, eq);
    const column = entry.slice(eq + 1);
    if (eq <= 0 || column === '') throw new UsageError(`--map takes ROLE=COLUMN, not "${entry}".`, 'import');
    if (!(mappableCustomerRoles as readonly string[]).includes(role)) {
      throw new UsageError(
        `--map: "${role}" is not a role; roles are ${mappableCustomerRoles.join(', ')}.`,
        'import',
      );
    }
    if (mapping[role as MappableCustomerRole] !== undefined) {
      throw new UsageError(`--map ${role}= is given twice.`, 'import');
    }
    mapping[role as MappableCustomerRole] = column;
  }

  let types: Record<string, ColumnType> | undefined;
  for (const entry of flags.type ?? []) {
    // Split at the last "=": a column name may contain one, a type never does.
    const eq = entry.lastIndexOf('=');
    const column = entry.slice(0, eq);
    const type = entry.slice(eq + 1);
    if (eq <= 0) throw new UsageError(`--type takes COLUMN=TYPE, not "${entry}".`, 'import');
    const parsed = ColumnType.safeParse(type);
    if (!parsed.success) {
      throw new UsageError(
        `--type: "${type}" is not a type; types are ${ColumnType.options.join(', ')}.`,
        'import',
      );
    }
    types = { ...types, [column]: parsed.data };
  }

  const options: Partial<ParseOptions> = {};
  if (flags.delimiter !== undefined) {
    const delimiter = flags.delimiter === 'tab' || flags.delimiter === '\\t' ? '\t' : flags.delimiter;
    if (delimiter.length !== 1) throw new UsageError('--delimiter takes one character (or "tab").', 'import');
    options.delimiter = delimiter;
  }
  if (flags.encoding !== undefined) {
    const lowered = flags.encoding.toLowerCase();
    const parsed = Encoding.safeParse(
      lowered === 'utf8' ? 'utf-8' : lowered === 'latin1' ? 'iso-8859-1' : lowered,
    );
    if (!parsed.success) {
      throw new UsageError(
        `--encoding: "${flags.encoding}" is not one Tenure reads; it reads ${Encoding.options.join(', ')}.`,
        'import',
      );
    }
    options.encoding = parsed.data;
  }
  if (flags.decimal !== undefined) {
    if (flags.decimal !== '.' && flags.decimal !== ',')
      throw new UsageError('--decimal takes "." or ",".', 'import');
    options.decimal = flags.decimal;
  }
  if (flags['no-header']) options.hasHeader = false;

  let tenureUnit: TenureUnit | undefined;
  if (flags['tenure-unit'] !== undefined) {
    const parsed = TenureUnit.safeParse(flags['tenure-unit']);
    if (!parsed.success)
      throw new UsageError(`--tenure-unit takes ${TenureUnit.options.join(', ')}.`, 'import');
    tenureUnit = parsed.data;
  }

  return {
    project: resolve(cwd, project),
    file: resolve(cwd, file),
    mapping,
    options,
    types,
    ignore: flags.ignore,
    churnedValues: flags['churned-value'],
    tenureUnit,
    dryRun: flags['dry-run'] ?? false,
  };
}

/**
 * The mapping to import with: the user's --map, and for the id (the one role every import needs) the
 * inspection's suggestion when the user gave none. Other roles are never guessed: a wrong churned column
 * would silently give wrong figures. Returns notes for stderr.
 */
export function completeMapping(
  given: Partial<CustomerMapping>,
  inspected: InspectResponse,
): { mapping: CustomerMapping; notes: string[] } {
  const notes: string[] = [];
  let id = given.id;
  if (id === undefined) {
    id = inspected.suggestedMapping.id;
    if (id === undefined) {
      throw new UsageError(
        `No --map id=COLUMN given and no column looks like an id. Columns: ${inspected.columns.map((c) => c.name).join(', ')}.`,
        'import',
      );
    }
    notes.push(`No --map id given: using column "${id}" as the customer id (the inspection's suggestion).`);
  }
  const unused = Object.entries(inspected.suggestedMapping).filter(
    ([role, column]) =>
      role !== 'id' && column !== undefined && given[role as MappableCustomerRole] === undefined,
  );
  if (unused.length) {
    notes.push(
      `The inspection also suggests ${unused.map(([role, column]) => `--map ${role}=${column}`).join(' ')} (not applied).`,
    );
  }
  return { mapping: { ...given, id }, notes };
}

export function importRequest(
  args: ImportArgs,
  inspected: InspectResponse,
  mapping: CustomerMapping,
): ImportRequest {
  return {
    project: args.project,
    path: args.file,
    kind: 'customers',
    // The options the inspection settled on (its guesses plus the user's overrides), so the import reads
    // the file exactly as inspected.
    options: inspected.options,
    mapping,
    ...(args.types ? { types: args.types } : {}),
    ...(args.ignore ? { ignore: args.ignore } : {}),
    ...(args.churnedValues ? { churnedValues: args.churnedValues } : {}),
    ...(args.tenureUnit ? { tenureUnit: args.tenureUnit } : {}),
    dryRun: args.dryRun,
  };
}

/** What `tenure import` prints: the figures a script needs, not the whole report. */
export function importSummary(report: ImportReport) {
  return {
    imported: report.imported,
    rejectedCount: report.rejectedCount,
    rejected: report.rejected.map(({ line, reason }) => ({ line, reason })),
    columns: report.columns.map(({ name, type, role, unit }) =>
      unit ? { name, type, role, unit } : { name, type, role },
    ),
    dryRun: report.dryRun,
  };
}
