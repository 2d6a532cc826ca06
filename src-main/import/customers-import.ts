import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { z } from 'zod';
import type { ImportReport, ImportRequest, RejectedRow, RejectionCode } from '@shared/contract/import';
import type { ColumnType, CustomerRole, MappableCustomerRole } from '@shared/domain/columns';
import { mappableCustomerRoles } from '@shared/domain/columns';
import { churnedFlagWord } from '@shared/domain/flags';
import type { ParseOptions } from '@shared/domain/parse-options';
import { AppError } from '@shared/errors';
import type { TaskContext } from '../jobs/task-context';
import { finishImport, insertImport } from '../store/imports';
import { replaceCustomerTable, type StoredColumn, type StoredValue } from '../store/customers';
import { columnNames } from './columns';
import { fileEmpty } from './file-errors';
import { readCsvRecords } from './csv-reader';
import { detectParseOptions } from './detect';
import { ColumnProfiler, type ColumnProfile } from './type-inference';
import { isMissing, makeValueParser } from './values';

export type CustomerImportInput = z.output<typeof ImportRequest>;

/** The report keeps every rejected row up to this many; counts per reason are always complete. */
const rejectedListLimit = 10_000;
const exampleLinesPerCode = 5;
/** A churned column with more distinct values than this is not a flag. */
const maxFlagValues = 1000;
/** In a yes/no churned column, values that are neither may be up to this share of rows (rejected, listed). */
const strayFlagShare = 0.05;

/**
 * Imports a customer table, replacing the project's current one, in ONE transaction.
 *
 * Pass 1 reads the whole file to learn each column's type from every value (so an attribute is never
 * rejected for a type guessed from the first rows) and the churned column's distinct values.
 * Pass 2 validates every row and writes it. Any error, a cancel, or `dryRun` rolls the transaction back:
 * the project is then exactly as before. Every rejected row is reported with its line and reason.
 */
export async function importCustomersTask(
  input: CustomerImportInput,
  ctx: TaskContext,
): Promise<ImportReport> {
  const startedMs = Date.now();
  const startedAt = new Date(startedMs).toISOString();
  // Hashed during pass 1, which reads every byte anyway.
  const hash = createHash('sha256');
  const { size, options } = await detectParseOptions(input.path, input.options ?? {});
  const file = { path: input.path, name: basename(input.path), size };

  // Pass 1: header, column profiles, churned values.
  let names: string[] | null = null;
  let plan: ColumnPlan | null = null;
  let profiler: ColumnProfiler | null = null;
  const flagValues = new Map<string, number>();
  let rowsRead = 0;
  for await (const record of readCsvRecords(input.path, options, {
    checkCancelled: () => ctx.checkCancelled(),
    onProgress: (done, total) =>
      ctx.progress({ phase: 'scanning', label: 'Checking every row', done, total, unit: 'bytes' }),
    onBytes: (bytes) => hash.update(bytes),
  })) {
    if (names === null) {
      names = columnNames(options.hasHeader ? record.fields : null, record.fields.length);
      plan = planColumns(names, input, file.name);
      profiler = new ColumnProfiler(names.length, options);
      if (options.hasHeader) continue;
    }
    rowsRead += 1;
    if (record.fields.length !== names.length) continue; // rejected in pass 2, with its line
    (profiler as ColumnProfiler).observe(record.fields);
    const churnedIndex = (plan as ColumnPlan).roleIndex.churned;
    if (churnedIndex !== undefined && flagValues.size <= maxFlagValues) {
      const raw = (record.fields[churnedIndex] as string).trim();
      if (!isMissing(raw, options)) flagValues.set(raw, (flagValues.get(raw) ?? 0) + 1);
    }
  }
  // The reader has already thrown FILE_EMPTY / NO_DATA_ROWS for a file without data rows.
  if (names === null || plan === null || profiler === null) throw fileEmpty(input.path, 'only blank space');

  const sha256 = hash.digest('hex');
  const profiles = profiler.result();
  const columns = finalColumns(plan, profiles, input);
  const churnedMap =
    plan.roleIndex.churned === undefined ? null : readChurnedFlag(plan, flagValues, input, file.name);
  if (churnedMap)
    (columns[plan.roleIndex.churned as number] as FinalColumn).stored.values = churnedMap.report;
  const parsers = columns.map((column) => makeValueParser(column.stored.type, options));

  // Pass 2: validate and write, all inside one transaction.
  const db = ctx.projects.get(input.project);
  const rejections = new Rejections();
  let imported = 0;
  let replaced: number;
  let importId: number;
  let lineOfRecord = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    importId = insertImport(db, {
      kind: 'customers',
      fileName: file.name,
      filePath: input.path,
      fileSize: file.size,
      fileSha256: sha256,
      startedAt,
      finishedAt: startedAt,
      rowsRead: 0,
      rowsImported: 0,
      rowsRejected: 0,
      options,
      mapping: {
        mapping: input.mapping,
        types: input.types ?? {},
        ignore: input.ignore ?? [],
        tenureUnit: input.tenureUnit,
      },
    });
    const stored = columns.map((column) => column.stored);
    const replacement = replaceCustomerTable(db, stored);
    replaced = replacement.replaced;
    const writer = replacement.writer;
    const attributeColumns = columns.filter((column) => column.stored.role === 'attribute');
    const index = plan.roleIndex;
    let seenHeader = !options.hasHeader;
    const startedWriting = Date.now();

    for await (const record of readCsvRecords(input.path, options, {
      checkCancelled: () => ctx.checkCancelled(),
      onProgress: (done, total) => {
        const seconds = (Date.now() - startedWriting) / 1000;
        const rate = seconds > 0 ? (imported + rejections.count) / seconds : 0;
        const bytesPerSecond = seconds > 0 ? done / seconds : 0;
        ctx.progress({
          phase: 'importing',
          label: input.dryRun ? 'Validating every row (nothing is written)' : 'Importing customers',
          done,
          total,
          unit: 'bytes',
          rowsPerSecond: rate,
          ...(bytesPerSecond > 0 ? { secondsLeft: Math.max(0, (total - done) / bytesPerSecond) } : {}),
        });
      },
    })) {
      if (!seenHeader) {
        seenHeader = true;
        continue;
      }
      lineOfRecord = record.line;
      const fields = record.fields;
      if (fields.length !== names.length) {
        rejections.add({
          line: record.line,
          code: 'ragged_row',
          reason: `has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${names.length}`,
        });
        continue;
      }
      const row = readRow(fields, record.line, columns, parsers, index, churnedMap, options, rejections);
      if (row === null) continue;
      const values: StoredValue[] = attributeColumns.map((column) => row.values[column.index] ?? null);
      const outcome = writer.insert(
        {
          id: row.id,
          importId,
          line: record.line,
          churned: row.churned,
          start: row.start,
          end: row.end,
          tenure: row.tenure,
        },
        values,
      );
      if (outcome.inserted) {
        imported += 1;
      } else {
        rejections.add({
          line: record.line,
          code: 'duplicate_id',
          column: names[index.id as number] as string,
          value: row.id,
          reason: `customer id "${row.id}" already appeared on line ${outcome.firstLine}`,
        });
      }
    }

    if (imported === 0) {
      throw new AppError(
        'NOTHING_IMPORTED',
        `No row of ${file.name} could be imported: all ${rejections.count} rows were rejected (${rejections.topReason()}). The project is unchanged.`,
        { file: file.name, rejected: rejections.count, summary: rejections.summary() },
      );
    }
    finishImport(db, importId, {
      finishedAt: new Date().toISOString(),
      rowsRead,
      rowsImported: imported,
      rowsRejected: rejections.count,
    });
    ctx.checkCancelled();
    db.exec(input.dryRun ? 'ROLLBACK' : 'COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (error instanceof AppError || !(error instanceof Error)) throw error;
    throw new AppError(
      'INTERNAL',
      `Import of ${file.name} failed near line ${lineOfRecord}: ${error.message}`,
      {
        file: file.name,
        line: lineOfRecord,
      },
    );
  }

  return {
    importId: input.dryRun ? null : importId,
    kind: 'customers',
    mode: 'replace',
    dryRun: input.dryRun,
    rejectedCsv: null,
    file: { ...file, sha256 },
    options,
    rowsRead,
    imported,
    replaced,
    rejectedCount: rejections.count,
    rejected: rejections.rows,
    rejectedTruncated: rejections.count > rejections.rows.length,
    rejectionSummary: rejections.summary(),
    columns: columns.map((column) => ({
      name: column.stored.name,
      type: column.stored.type,
      role: column.stored.role,
      ...(column.stored.unit ? { unit: column.stored.unit } : {}),
      missing: column.missing,
    })),
    ...(churnedMap ? { churnedValues: churnedMap.report } : {}),
    durationMs: Date.now() - startedMs,
  };
}

interface ColumnPlan {
  names: string[];
  /** Column index of each mapped role. */
  roleIndex: Partial<Record<MappableCustomerRole, number>>;
  roleOf: CustomerRole[];
}

/** Checks the mapping against the file's columns and assigns every column a role. */
function planColumns(names: string[], input: CustomerImportInput, fileName: string): ColumnPlan {
  const indexOf = (name: string, what: string): number => {
    const index = names.indexOf(name);
    if (index < 0) {
      throw new AppError(
        'MAPPING_INVALID',
        `${fileName} has no column "${name}" (${what}). Its columns are: ${names.map((n) => `"${n}"`).join(', ')}.`,
        { file: fileName, column: name, columns: names },
      );
    }
    return index;
  };
  const roleOf: CustomerRole[] = names.map(() => 'attribute');
  const roleIndex: ColumnPlan['roleIndex'] = {};
  for (const role of mappableCustomerRoles) {
    const name = input.mapping[role];
    if (name === undefined) continue;
    const index = indexOf(name, `mapped to ${role}`);
    if (roleOf[index] !== 'attribute') {
      throw new AppError(
        'MAPPING_INVALID',
        `Column "${name}" is mapped to both ${roleOf[index]} and ${role}.`,
        {
          file: fileName,
          column: name,
        },
      );
    }
    roleOf[index] = role;
    roleIndex[role] = index;
  }
  for (const name of input.ignore ?? []) {
    const index = indexOf(name, 'to leave out');
    if (roleOf[index] !== 'attribute') {
      throw new AppError(
        'MAPPING_INVALID',
        `Column "${name}" is mapped to ${roleOf[index]}; it cannot also be left out.`,
        {
          file: fileName,
          column: name,
        },
      );
    }
    roleOf[index] = 'ignore';
  }
  for (const name of Object.keys(input.types ?? {})) indexOf(name, 'given a type');
  if (roleIndex.tenure !== undefined && input.tenureUnit === undefined) {
    throw new AppError(
      'MAPPING_INVALID',
      `Tenure column "${input.mapping.tenure}" is a duration: say its unit (days, weeks, months or years).`,
      { file: fileName, column: input.mapping.tenure },
    );
  }
  return { names, roleIndex, roleOf };
}

interface FinalColumn {
  index: number;
  stored: StoredColumn;
  missing: number;
}

const roleTypes: Partial<Record<CustomerRole, ColumnType>> = {
  id: 'text',
  churned: 'boolean',
  start: 'date',
  end: 'date',
};

/** The type each column is stored with: fixed by its role, else the user's choice, else inferred from every row. */
function finalColumns(
  plan: ColumnPlan,
  profiles: ColumnProfile[],
  input: CustomerImportInput,
): FinalColumn[] {
  let attributeNumber = 0;
  return plan.names.map((name, index) => {
    const role = plan.roleOf[index] as CustomerRole;
    const profile = profiles[index] as ColumnProfile;
    const override = input.types?.[name];
    let type: ColumnType = roleTypes[role] ?? override ?? profile.type;
    if (role === 'tenure') {
      type =
        override === 'integer' || override === 'decimal'
          ? override
          : profile.type === 'integer'
            ? 'integer'
            : 'decimal';
    }
    const key =
      role === 'attribute'
        ? `a${++attributeNumber}`
        : role === 'ignore'
          ? `ignored${index + 1}`
          : (role as string);
    const stored: StoredColumn = {
      position: index,
      key,
      name,
      type,
      role,
      ...(role === 'tenure' && input.tenureUnit ? { unit: input.tenureUnit } : {}),
    };
    return { index, stored, missing: profile.missing };
  });
}

interface ChurnedFlag {
  byValue: Map<string, boolean>;
  report: { churned: string[]; active: string[] };
}

/**
 * How the churned column's raw values read. Yes/no-like values are understood on their own; otherwise
 * the user names the value(s) meaning churned and every other value means active — the report lists
 * both sides so nothing is read silently.
 */
function readChurnedFlag(
  plan: ColumnPlan,
  values: Map<string, number>,
  input: CustomerImportInput,
  fileName: string,
): ChurnedFlag {
  const column = plan.names[plan.roleIndex.churned as number] as string;
  const listing = () =>
    [...values.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([value, count]) => `"${value}" (${count})`)
      .join(', ');
  if (values.size > maxFlagValues) {
    throw new AppError(
      'MAPPING_INVALID',
      `Column "${column}" has more than ${maxFlagValues} different values; it does not look like a churned flag.`,
      { file: fileName, column },
    );
  }
  const byValue = new Map<string, boolean>();
  const given = input.churnedValues?.map((value) => value.trim().toLocaleLowerCase('und'));
  if (given && given.length > 0) {
    for (const value of values.keys()) byValue.set(value, given.includes(value.toLocaleLowerCase('und')));
    if (![...byValue.values()].some(Boolean)) {
      throw new AppError(
        'MAPPING_INVALID',
        `None of the values you said mean churned (${input.churnedValues?.map((v) => `"${v}"`).join(', ')}) occur in column "${column}". Its values are ${listing()}.`,
        { file: fileName, column },
      );
    }
  } else {
    const unknown: string[] = [];
    for (const value of values.keys()) {
      const reading = churnedFlagWord(value);
      if (reading === null) unknown.push(value);
      else byValue.set(value, reading);
    }
    // A yes/no column with a few stray values ("maybe") keeps its meaning: the stray rows are rejected
    // and listed. Anything else (lung's 1/2, a status column) needs the user to say what "churned" is.
    const readings = [...byValue.values()];
    const total = [...values.values()].reduce((sum, count) => sum + count, 0);
    const stray = unknown.reduce((sum, value) => sum + (values.get(value) ?? 0), 0);
    const clearlyYesNo =
      readings.includes(true) && readings.includes(false) && stray < total * strayFlagShare;
    if (unknown.length > 0 && !clearlyYesNo) {
      throw new AppError(
        'CHURNED_VALUE_REQUIRED',
        `Column "${column}" has values that are not yes/no: ${listing()}. Say which value means churned (in the CLI: --churned-value).`,
        {
          file: fileName,
          column,
          values: [...values.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([value, count]) => ({ value, count })),
        },
      );
    }
  }
  const sides = { churned: [] as string[], active: [] as string[] };
  for (const [value, churned] of byValue) (churned ? sides.churned : sides.active).push(value);
  sides.churned.sort();
  sides.active.sort();
  return { byValue, report: sides };
}

interface ParsedRow {
  id: string;
  churned: boolean | null;
  tenure: number | null;
  start: string | null;
  end: string | null;
  values: StoredValue[];
}

function readRow(
  fields: string[],
  line: number,
  columns: FinalColumn[],
  parsers: ReturnType<typeof makeValueParser>[],
  index: ColumnPlan['roleIndex'],
  churned: ChurnedFlag | null,
  options: ParseOptions,
  rejections: Rejections,
): ParsedRow | null {
  const reject = (
    code: RejectionCode,
    column: FinalColumn | undefined,
    value: string | undefined,
    reason: string,
  ) => {
    rejections.add({
      line,
      code,
      ...(column ? { column: column.stored.name } : {}),
      ...(value !== undefined ? { value } : {}),
      reason,
    });
    return null;
  };

  const idColumn = columns[index.id as number] as FinalColumn;
  const id = (fields[idColumn.index] as string).trim();
  if (isMissing(id, options))
    return reject('missing_id', idColumn, id, `no customer id in column "${idColumn.stored.name}"`);

  const values: StoredValue[] = new Array<StoredValue>(columns.length).fill(null);
  for (const column of columns) {
    const role = column.stored.role;
    if (role === 'ignore' || role === 'id' || role === 'churned') continue;
    const raw = fields[column.index] as string;
    const parsed = (parsers[column.index] as ReturnType<typeof makeValueParser>)(raw);
    if (!parsed.ok)
      return reject('bad_value', column, raw, `${parsed.reason} (column "${column.stored.name}")`);
    const value = parsed.value;
    values[column.index] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }

  let flag: boolean | null = null;
  if (churned && index.churned !== undefined) {
    const column = columns[index.churned] as FinalColumn;
    const raw = (fields[column.index] as string).trim();
    if (isMissing(raw, options)) {
      return reject('missing_churned', column, raw, `the churned flag "${column.stored.name}" is empty`);
    }
    const reading = churned.byValue.get(raw);
    if (reading === undefined) {
      return reject(
        'unknown_churned_value',
        column,
        raw,
        `"${raw}" is not a known value of the churned flag`,
      );
    }
    flag = reading;
  }

  const tenure = index.tenure === undefined ? null : (values[index.tenure] as number | null);
  if (tenure !== null && tenure < 0) {
    const column = columns[index.tenure as number] as FinalColumn;
    return reject('negative_tenure', column, fields[column.index], `tenure ${tenure} is negative`);
  }
  const start = index.start === undefined ? null : (values[index.start] as string | null);
  const end = index.end === undefined ? null : (values[index.end] as string | null);
  if (start !== null && end !== null && end < start) {
    const column = columns[index.end as number] as FinalColumn;
    return reject('end_before_start', column, end, `end date ${end} is before start date ${start}`);
  }
  return { id, churned: flag, tenure, start, end, values };
}

/** Rejected rows: all counted, the first 10,000 listed, a few example lines per reason. */
class Rejections {
  count = 0;
  readonly rows: RejectedRow[] = [];
  private readonly byCode = new Map<RejectionCode, { count: number; exampleLines: number[] }>();

  add(row: RejectedRow): void {
    this.count += 1;
    if (this.rows.length < rejectedListLimit) this.rows.push(row);
    const entry = this.byCode.get(row.code) ?? { count: 0, exampleLines: [] };
    entry.count += 1;
    if (entry.exampleLines.length < exampleLinesPerCode) entry.exampleLines.push(row.line);
    this.byCode.set(row.code, entry);
  }

  summary(): ImportReport['rejectionSummary'] {
    return [...this.byCode.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([code, entry]) => ({ code, count: entry.count, exampleLines: entry.exampleLines }));
  }

  topReason(): string {
    const first = this.rows[0];
    return first ? `e.g. line ${first.line}: ${first.reason}` : 'no rows';
  }
}
