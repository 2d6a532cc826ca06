import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { z } from 'zod';
import type {
  ImportReport,
  ImportRequest,
  ImportSettings,
  RejectedRow,
  RejectionCode,
} from '@shared/contract/import';
import type { ColumnType } from '@shared/domain/columns';
import {
  datasetLabels,
  datasetRoles,
  rolesOf,
  type DatasetKind,
  type RoleSpec,
} from '@shared/domain/datasets';
import { churnedFlagWord } from '@shared/domain/flags';
import type { ParseOptions } from '@shared/domain/parse-options';
import { AppError } from '@shared/errors';
import type { TaskContext } from '../jobs/task-context';
import { rebuildCustomerView } from '../store/customer-view';
import type { Db } from '../store/database';
import { datasetTables } from '../store/dataset-schema';
import {
  addAttributeColumn,
  archiveAndRecreate,
  countRows,
  createDatasetIndexes,
  datasetWriter,
  insertDatasetColumns,
  readDatasetColumns,
  snapshotColumns,
  storedRoles,
  updateColumnValues,
  type DatasetColumn,
  type StoredValue,
} from '../store/datasets';
import {
  activeImportOfFile,
  finishImport,
  importFileName,
  insertImport,
  markReplaced,
} from '../store/imports';
import { columnNames, isRepeatedHeader } from './columns';
import { detectParseOptions } from './detect';
import { fileEmpty } from './file-errors';
import { kindSpecs, type RoleValue } from './kinds';
import { readRecords } from './records';
import { RejectedCsvWriter } from './rejected-csv';
import { RowHashes } from './row-hashes';
import { fileShape } from './shape';
import { ColumnProfiler, type ColumnProfile } from './type-inference';
import { isMissing, makeValueParser, type ParsedValue, type ValueParser } from '@shared/domain/values';

export type DatasetImportInput = z.output<typeof ImportRequest> & {
  /** Folder for the rejected-rows CSV (the service passes the app's data folder + /rejected); none without it. */
  rejectedDir?: string | null;
};

/** The report keeps every rejected row up to this many; counts per reason are always complete. */
const rejectedListLimit = 10_000;
const exampleLinesPerCode = 5;
/** A churned column with more distinct values than this is not a flag. */
const maxFlagValues = 1000;
/** In a yes/no churned column, values that are neither may be up to this share of rows (rejected, listed). */
const strayFlagShare = 0.05;

/**
 * Imports a file of any kind of data (customers, subscriptions, transactions, events, feedback) into
 * its dataset, replacing or appending, in ONE transaction.
 *
 * Pass 1 reads the whole file to learn each column's type from every value (so an attribute is never
 * rejected for a type guessed from the first rows), the churned column's distinct values and the
 * file's hash. Pass 2 validates every row and writes it. Any error, a cancel, or `dryRun` rolls the
 * transaction back: the project is then exactly as before. Every rejected row is reported with its
 * line and reason, and streamed (with its fields) into a CSV the user can save.
 *
 * What each kind checks on its own is in kinds/; the rest is the same for every kind: required roles
 * present (missing_value, missing_id for the customer), values of their type (bad_value), rows with
 * the wrong number of fields (ragged_row), the header line again (repeated_header), exact repeats of
 * an earlier row (duplicate_row, unless the user keeps them), and — for data about customers when the
 * project has a customer table — customers it does not have (unknown_customer). Without a customer
 * table, the other kinds define the customers (e.g. CDNOW's purchase log).
 *
 * Replace keeps the dataset's old tables for undo (store/datasets.ts); append adds rows, matches
 * attribute columns by name and adds new ones. Appending a file whose exact bytes are already in the
 * dataset is refused (ALREADY_IMPORTED) unless `allowRepeat`. Duplicate rows are found within the
 * file only, not against rows of earlier imports (the hash check above catches the same file twice;
 * overlapping exports are not detected).
 */
export async function importDatasetTask(input: DatasetImportInput, ctx: TaskContext): Promise<ImportReport> {
  const kind = input.kind;
  const startedMs = Date.now();
  const startedAt = new Date(startedMs).toISOString();
  const { size, options } = await detectParseOptions(input.path, input.options ?? {});
  const file = { path: input.path, name: basename(input.path), size };

  // Pass 1: header, column profiles, churned values, the file's hash.
  const hash = createHash('sha256');
  let hashedBytes = 0;
  let names: string[] | null = null;
  let header: string[] | null = null;
  let plan: ColumnPlan | null = null;
  let profiler: ColumnProfiler | null = null;
  const flagValues = new Map<string, number>();
  let rowsRead = 0;
  const scanStarted = Date.now();
  for await (const record of readRecords(input.path, options, {
    checkCancelled: () => ctx.checkCancelled(),
    onProgress: (done, total) =>
      ctx.progress({
        phase: 'scanning',
        label: 'Checking every row',
        done,
        total,
        unit: 'bytes',
        ...speed(scanStarted, rowsRead, done, total),
      }),
    onBytes: (bytes) => {
      hash.update(bytes);
      hashedBytes += bytes.length;
    },
  })) {
    if (names === null) {
      names = columnNames(options.hasHeader ? record.fields : null, record.fields.length);
      plan = planColumns(names, input, file.name);
      profiler = new ColumnProfiler(names.length, options);
      if (options.hasHeader) {
        header = record.fields;
        continue;
      }
    }
    rowsRead += 1;
    if (record.fields.length !== names.length) continue; // rejected in pass 2, with its line
    if (header !== null && isRepeatedHeader(record.fields, header)) continue; // likewise
    (profiler as ColumnProfiler).observe(record.fields);
    const flagIndex = (plan as ColumnPlan).flagIndex;
    if (flagIndex !== undefined && flagValues.size <= maxFlagValues) {
      const raw = (record.fields[flagIndex] as string).trim();
      if (!isMissing(raw, options)) flagValues.set(raw, (flagValues.get(raw) ?? 0) + 1);
    }
  }
  // The reader has already thrown FILE_EMPTY / NO_DATA_ROWS for a file without data rows.
  if (names === null || plan === null || profiler === null) throw fileEmpty(input.path, 'only blank space');
  // Readers of text files show every byte (onBytes); for any other reader, hash the file itself.
  const sha256 = hashedBytes === size ? hash.digest('hex') : await hashFile(input.path);
  const profiles = profiler.result();
  const churned = plan.flagIndex === undefined ? null : readChurnedFlag(plan, flagValues, input, file.name);

  // Pass 2: validate and write, all inside one transaction.
  const db = ctx.projects.get(input.project);
  const rejections = new Rejections(
    input.rejectedDir ? new RejectedCsvWriter(input.rejectedDir, file.name, names) : null,
  );
  let imported = 0;
  let replaced = 0;
  let importId: number;
  let lineOfRecord = 0;
  let columns: FinalColumn[];
  db.exec('BEGIN IMMEDIATE');
  try {
    if (input.mode === 'append' && !input.allowRepeat) refuseRepeat(db, kind, sha256, file.name);
    const existing = input.mode === 'append' ? readDatasetColumns(db, kind) : [];
    columns = finalColumns(plan, profiles, input, existing, file.name);
    const flagColumn = plan.flagIndex === undefined ? undefined : columns[plan.flagIndex];
    if (churned && flagColumn) flagColumn.stored.values = churned.report;

    const settings: ImportSettings = {
      kind,
      mapping: input.mapping,
      options,
      ...(input.types ? { types: input.types } : {}),
      ...(input.ignore ? { ignore: input.ignore } : {}),
      ...(input.churnedValues ? { churnedValues: input.churnedValues } : {}),
      ...(input.tenureUnit ? { tenureUnit: input.tenureUnit } : {}),
      ...(input.duplicateRows ? { duplicateRows: input.duplicateRows } : {}),
    };
    importId = insertImport(db, {
      kind,
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
      mapping: settings,
      mode: input.mode,
      shape: fileShape(names),
      undoArchive: true,
    });
    const attributes = columns.filter((column) => column.stored.role === 'attribute');
    if (input.mode === 'replace') {
      replaced = countRows(db, kind);
      archiveAndRecreate(
        db,
        kind,
        importId,
        attributes.map((column) => column.stored),
      );
      markReplaced(db, kind, importId);
      insertDatasetColumns(
        db,
        kind,
        columns.map((column) => column.stored),
      );
    } else {
      snapshotColumns(db, kind, importId);
      for (const column of attributes) {
        if (column.isNew) addAttributeColumn(db, kind, column.stored.key, column.stored.type);
      }
      insertDatasetColumns(
        db,
        kind,
        columns.filter((column) => column.isNew).map((column) => column.stored),
      );
      if (churned && flagColumn && !flagColumn.isNew) {
        const before = existing.find((column) => column.key === flagColumn.stored.key)?.values;
        updateColumnValues(db, kind, flagColumn.stored.key, mergeReadings(before, churned.report));
      }
    }

    const writer = datasetWriter(
      db,
      kind,
      importId,
      attributes.map((column) => column.stored.key),
    );
    const reader = new RowReader(kind, columns, churned, options);
    const customersKnown =
      kind !== 'customers' && countRows(db, 'customers') > 0
        ? db.prepare('SELECT 1 FROM customers WHERE customer_id = ?').pluck()
        : null;
    const duplicates = input.duplicateRows === 'keep' ? null : new RowHashes(rowsRead);
    const customerColumn = reader.customerColumn.stored.name;
    const earlierFiles = new Map<number, string>();
    let seenHeader = !options.hasHeader;
    const startedWriting = Date.now();

    for await (const record of readRecords(input.path, options, {
      checkCancelled: () => ctx.checkCancelled(),
      onProgress: (done, total) =>
        ctx.progress({
          phase: 'importing',
          label: input.dryRun
            ? 'Validating every row (nothing is written)'
            : `Importing ${datasetLabels[kind].many}`,
          done,
          total,
          unit: 'bytes',
          ...speed(startedWriting, imported + rejections.count, done, total),
        }),
    })) {
      if (!seenHeader) {
        seenHeader = true;
        continue;
      }
      const line = record.line;
      const fields = record.fields;
      lineOfRecord = line;
      if (fields.length !== names.length) {
        rejections.add(
          {
            line,
            code: 'ragged_row',
            reason: `has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${names.length}`,
          },
          fields,
        );
        continue;
      }
      if (header !== null && isRepeatedHeader(fields, header)) {
        rejections.add(
          { line, code: 'repeated_header', reason: 'the header line again (were files joined together?)' },
          fields,
        );
        continue;
      }
      if (duplicates !== null) {
        const first = duplicates.firstLineOf(fields, line);
        if (first !== 0) {
          rejections.add({ line, code: 'duplicate_row', reason: `the same row as line ${first}` }, fields);
          continue;
        }
      }
      const row = reader.read(fields, line, rejections);
      if (row === null) continue;
      if (customersKnown !== null && customersKnown.get(row.customerId) === undefined) {
        rejections.add(
          {
            line,
            code: 'unknown_customer',
            column: customerColumn,
            value: row.customerId,
            reason: `customer "${row.customerId}" is not in the project's customer table`,
          },
          fields,
        );
        continue;
      }
      const outcome = writer.insert(row.customerId, line, row.roles, row.attributes);
      if (outcome.inserted) {
        imported += 1;
        continue;
      }
      const earlier = outcome.earlier;
      let where = `already appeared on line ${earlier.line}`;
      if (earlier.importId !== importId) {
        if (!earlierFiles.has(earlier.importId)) {
          earlierFiles.set(earlier.importId, importFileName(db, earlier.importId) ?? 'an earlier file');
        }
        where = `is already in the customer table (line ${earlier.line} of import #${earlier.importId}, ${earlierFiles.get(earlier.importId)})`;
      }
      rejections.add(
        {
          line,
          code: 'duplicate_id',
          column: customerColumn,
          value: row.customerId,
          reason: `customer id "${row.customerId}" ${where}`,
        },
        fields,
      );
    }

    if (imported === 0) {
      const rejectedCsv = rejections.closeCsv();
      throw new AppError(
        'NOTHING_IMPORTED',
        `No row of ${file.name} could be imported: all ${rejections.count} rows were rejected (${rejections.topReason()}). The project is unchanged.`,
        { file: file.name, rejected: rejections.count, summary: rejections.summary(), rejectedCsv },
      );
    }
    if (input.mode === 'replace' && !input.dryRun) {
      const indexing = {
        phase: 'indexing',
        label: `Indexing ${datasetLabels[kind].many}`,
        total: 1,
        unit: 'steps',
      } as const;
      ctx.progress({ ...indexing, done: 0 });
      createDatasetIndexes(db, kind);
      ctx.progress({ ...indexing, done: 1 });
    }
    finishImport(db, importId, {
      finishedAt: new Date().toISOString(),
      rowsRead,
      rowsImported: imported,
      rowsRejected: rejections.count,
    });
    if (!input.dryRun) updateCustomerView(db, ctx);
    ctx.checkCancelled();
    db.exec(input.dryRun ? 'ROLLBACK' : 'COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    rejections.discardCsv();
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
    kind,
    mode: input.mode,
    dryRun: input.dryRun,
    file: { ...file, sha256 },
    options,
    rowsRead,
    imported,
    replaced,
    rejectedCount: rejections.count,
    rejected: rejections.rows,
    rejectedTruncated: rejections.count > rejections.rows.length,
    rejectedCsv: rejections.closeCsv(),
    rejectionSummary: rejections.summary(),
    columns: columns.map((column) => ({
      name: column.stored.name,
      type: column.stored.type,
      role: column.stored.role,
      ...(column.stored.unit ? { unit: column.stored.unit } : {}),
      missing: column.missing,
    })),
    ...(churned ? { churnedValues: churned.report } : {}),
    durationMs: Date.now() - startedMs,
  };
}

/** The customer view is rebuilt inside the import's (or undo's) transaction, so it is never stale. */
export function updateCustomerView(db: Db, ctx: TaskContext): void {
  ctx.progress({ phase: 'view', label: 'Updating the customer view', done: 0, total: 1, unit: 'steps' });
  rebuildCustomerView(db);
  ctx.progress({ phase: 'view', label: 'Updating the customer view', done: 1, total: 1, unit: 'steps' });
}

/** rows/s and time left from bytes done so far. */
function speed(
  startedMs: number,
  rows: number,
  done: number,
  total: number,
): { rowsPerSecond?: number; secondsLeft?: number } {
  const seconds = (Date.now() - startedMs) / 1000;
  if (seconds <= 0) return {};
  const bytesPerSecond = done / seconds;
  return {
    rowsPerSecond: rows / seconds,
    ...(bytesPerSecond > 0 ? { secondsLeft: Math.max(0, (total - done) / bytesPerSecond) } : {}),
  };
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function refuseRepeat(db: Db, kind: DatasetKind, sha256: string, fileName: string): void {
  const earlier = activeImportOfFile(db, kind, sha256);
  if (earlier === null) return;
  throw new AppError(
    'ALREADY_IMPORTED',
    `${fileName} is already in the ${datasetLabels[kind].many} (import #${earlier.id}, ${earlier.fileName}, ${earlier.finishedAt}): the same bytes appended again would count every row twice. To append it anyway, allow the repeat (in the CLI: --allow-repeat).`,
    { file: fileName, importId: earlier.id },
  );
}

interface ColumnPlan {
  names: string[];
  /** Column index of each mapped role. */
  roleIndex: Record<string, number>;
  /** Each column's role: a role of the kind, 'attribute' or 'ignore'. */
  roleOf: string[];
  /** The churned flag's column (customers). */
  flagIndex: number | undefined;
}

function mappingError(fileName: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('MAPPING_INVALID', message, { file: fileName, ...details });
}

/** Checks the mapping against the kind's roles and the file's columns, and gives every column a role. */
function planColumns(names: string[], input: DatasetImportInput, fileName: string): ColumnPlan {
  const kind = input.kind;
  const roles = datasetRoles[kind];
  const indexOf = (name: string, what: string): number => {
    const index = names.indexOf(name);
    if (index < 0) {
      throw mappingError(
        fileName,
        `${fileName} has no column "${name}" (${what}). Its columns are: ${names.map((n) => `"${n}"`).join(', ')}.`,
        { column: name, columns: names },
      );
    }
    return index;
  };
  for (const role of Object.keys(input.mapping)) {
    if (!roles.some((spec) => spec.role === role)) {
      throw mappingError(
        fileName,
        `"${role}" is not a role of ${datasetLabels[kind].many}; the roles are ${rolesOf(kind).join(', ')}.`,
        { role },
      );
    }
  }
  const missing = roles.filter((spec) => spec.required && input.mapping[spec.role] === undefined);
  if (missing.length > 0) {
    throw mappingError(
      fileName,
      `Importing ${datasetLabels[kind].many} needs a column for ${missing.map((spec) => `${spec.label.toLocaleLowerCase('en')} (${spec.role})`).join(' and ')}.`,
      { roles: missing.map((spec) => spec.role) },
    );
  }
  const roleOf: string[] = names.map(() => 'attribute');
  const roleIndex: Record<string, number> = {};
  for (const spec of roles) {
    const name = input.mapping[spec.role];
    if (name === undefined) continue;
    const index = indexOf(name, `mapped to ${spec.role}`);
    if (roleOf[index] !== 'attribute') {
      throw mappingError(fileName, `Column "${name}" is mapped to both ${roleOf[index]} and ${spec.role}.`, {
        column: name,
      });
    }
    roleOf[index] = spec.role;
    roleIndex[spec.role] = index;
  }
  for (const name of input.ignore ?? []) {
    const index = indexOf(name, 'to leave out');
    if (roleOf[index] !== 'attribute') {
      throw mappingError(
        fileName,
        `Column "${name}" is mapped to ${roleOf[index]}; it cannot also be left out.`,
        {
          column: name,
        },
      );
    }
    roleOf[index] = 'ignore';
  }
  for (const name of Object.keys(input.types ?? {})) indexOf(name, 'given a type');
  if (kind === 'customers' && roleIndex.tenure !== undefined && input.tenureUnit === undefined) {
    throw mappingError(
      fileName,
      `Tenure column "${input.mapping.tenure}" is a duration: say its unit (days, weeks, months or years).`,
      { column: input.mapping.tenure },
    );
  }
  const flagRole = roles.find((spec) => spec.type === 'boolean')?.role;
  return { names, roleIndex, roleOf, flagIndex: flagRole === undefined ? undefined : roleIndex[flagRole] };
}

interface FinalColumn {
  index: number;
  stored: DatasetColumn;
  missing: number;
  /** Whether the dataset gets a new column record for it (always, when replacing). */
  isNew: boolean;
  spec: RoleSpec | undefined;
}

/** The type a role's column is read as: fixed by the role; numbers are integer or decimal as the file says. */
function roleType(spec: RoleSpec, profile: ColumnProfile, override: ColumnType | undefined): ColumnType {
  if (spec.type !== 'number' && spec.type !== null) return spec.type;
  if (override === 'integer' || override === 'decimal') return override;
  return profile.type === 'integer' ? 'integer' : 'decimal';
}

/**
 * Each column's record: its type (fixed by its role, else the user's choice, else inferred from every
 * row) and its key. Appending, a column the dataset already has (a role, or an attribute or ignored
 * column of the same name) keeps its key and type; the others get new keys after the existing ones.
 */
function finalColumns(
  plan: ColumnPlan,
  profiles: ColumnProfile[],
  input: DatasetImportInput,
  existing: readonly DatasetColumn[],
  fileName: string,
): FinalColumn[] {
  const roles = datasetRoles[input.kind];
  const numberAfter = (prefix: string) =>
    Math.max(
      0,
      ...existing.filter((c) => c.key.startsWith(prefix)).map((c) => Number(c.key.slice(prefix.length)) || 0),
    );
  let attributeNumber = numberAfter('a');
  let ignoredNumber = numberAfter('ignored');
  let position = existing.length === 0 ? 0 : Math.max(...existing.map((c) => c.position)) + 1;
  const appending = input.mode === 'append';
  const taken = new Set<DatasetColumn>();
  const find = (test: (column: DatasetColumn) => boolean) => {
    const column = existing.find((candidate) => !taken.has(candidate) && test(candidate));
    if (column) taken.add(column);
    return column;
  };

  return plan.names.map((name, index) => {
    const role = plan.roleOf[index] as string;
    const profile = profiles[index] as ColumnProfile;
    const override = input.types?.[name];
    const spec = roles.find((candidate) => candidate.role === role);
    const type: ColumnType = spec ? roleType(spec, profile, override) : (override ?? profile.type);
    const unit = role === 'tenure' ? input.tenureUnit : undefined;
    const fresh = (key: string): FinalColumn => ({
      index,
      stored: {
        position: appending ? position++ : index,
        key,
        name,
        type,
        role,
        ...(unit ? { unit } : {}),
      },
      missing: profile.missing,
      isNew: true,
      spec,
    });
    const kept = (column: DatasetColumn, storedType: ColumnType): FinalColumn => ({
      index,
      stored: { ...column, type: storedType },
      missing: profile.missing,
      isNew: false,
      spec,
    });

    if (spec) {
      const before = find((column) => column.role === role);
      if (!before) return fresh(role);
      if (unit && before.unit && before.unit !== unit) {
        throw mappingError(
          fileName,
          `The customer table's tenure is in ${before.unit}; ${fileName}'s "${name}" is in ${unit}. Append files with the same unit (or replace the table).`,
          { column: name },
        );
      }
      // A role's values go to the role's own SQL column; this file's values are read as this file's type.
      return kept(before, type);
    }
    if (role === 'ignore') {
      const before = find((column) => column.role === 'ignore' && column.name === name);
      return before
        ? kept(before, before.type)
        : fresh(appending ? `ignored${++ignoredNumber}` : `ignored${index + 1}`);
    }
    const before = find((column) => column.role === 'attribute' && column.name === name);
    if (!before) return fresh(`a${++attributeNumber}`);
    if (override !== undefined && override !== before.type) {
      throw mappingError(
        fileName,
        `Column "${name}" is stored as ${before.type} in the ${datasetLabels[input.kind].many}; an appended file cannot make it ${override}.`,
        { column: name },
      );
    }
    return kept(before, before.type);
  });
}

interface ChurnedFlag {
  byValue: Map<string, boolean>;
  report: { churned: string[]; active: string[] };
}

/** Union of two readings of a churned column (an append may meet values the first file did not have). */
function mergeReadings(
  before: { churned: string[]; active: string[] } | undefined,
  now: { churned: string[]; active: string[] },
): { churned: string[]; active: string[] } {
  const churned = new Set([...(before?.churned ?? []), ...now.churned]);
  const active = new Set([...(before?.active ?? []), ...now.active]);
  return { churned: [...churned].sort(), active: [...active].sort() };
}

/**
 * How the churned column's raw values read. Yes/no-like values are understood on their own; otherwise
 * the user names the value(s) meaning churned and every other value means active — the report lists
 * both sides so nothing is read silently.
 */
function readChurnedFlag(
  plan: ColumnPlan,
  values: Map<string, number>,
  input: DatasetImportInput,
  fileName: string,
): ChurnedFlag {
  const column = plan.names[plan.flagIndex as number] as string;
  const listing = () =>
    [...values.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([value, count]) => `"${value}" (${count})`)
      .join(', ');
  if (values.size > maxFlagValues) {
    throw mappingError(
      fileName,
      `Column "${column}" has more than ${maxFlagValues} different values; it does not look like a churned flag.`,
      { column },
    );
  }
  const byValue = new Map<string, boolean>();
  const given = input.churnedValues?.map((value) => value.trim().toLocaleLowerCase('und'));
  if (given && given.length > 0) {
    for (const value of values.keys()) byValue.set(value, given.includes(value.toLocaleLowerCase('und')));
    if (![...byValue.values()].some(Boolean)) {
      throw mappingError(
        fileName,
        `None of the values you said mean churned (${input.churnedValues?.map((v) => `"${v}"`).join(', ')}) occur in column "${column}". Its values are ${listing()}.`,
        { column },
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
  for (const [value, flag] of byValue) (flag ? sides.churned : sides.active).push(value);
  sides.churned.sort();
  sides.active.sort();
  return { byValue, report: sides };
}

interface ReadRow {
  customerId: string;
  /** Values of storedRoles(kind), in that order. */
  roles: StoredValue[];
  /** Values of the attribute columns, in file order. */
  attributes: StoredValue[];
}

/** Reads and checks one row: the customer id, every column's value, required roles, the kind's own checks. */
class RowReader {
  readonly customerColumn: FinalColumn;
  private readonly parsers: (ValueParser | null)[];
  private readonly roleSlot: number[];
  private readonly attributeSlot: number[];
  private readonly attributeCount: number;
  private readonly roleCount: number;
  private readonly required: FinalColumn[];
  private readonly flagColumn: FinalColumn | undefined;
  private readonly check: (typeof kindSpecs)[DatasetKind]['check'];

  constructor(
    kind: DatasetKind,
    private readonly columns: FinalColumn[],
    private readonly churned: ChurnedFlag | null,
    private readonly options: ParseOptions,
  ) {
    const customerRole = datasetTables[kind].customerRole;
    this.customerColumn = columns.find((column) => column.stored.role === customerRole) as FinalColumn;
    const order = storedRoles(kind);
    this.roleCount = order.length;
    let attributes = 0;
    this.roleSlot = columns.map((column) => order.indexOf(column.stored.role));
    this.attributeSlot = columns.map((column) => (column.stored.role === 'attribute' ? attributes++ : -1));
    this.attributeCount = attributes;
    this.flagColumn = columns.find((column) => column.spec?.type === 'boolean');
    const vocabularies = kindSpecs[kind].vocabularies ?? {};
    this.parsers = columns.map((column) => {
      if (column.stored.role === 'ignore' || column === this.customerColumn || column === this.flagColumn)
        return null;
      const parse = makeValueParser(column.stored.type, options);
      const vocabulary = column.spec ? vocabularies[column.stored.role] : undefined;
      return vocabulary ? withVocabulary(parse, vocabulary) : parse;
    });
    this.required = columns.filter((column) => column.spec?.required && column !== this.customerColumn);
    this.check = kindSpecs[kind].check;
  }

  read(fields: string[], line: number, rejections: Rejections): ReadRow | null {
    const reject = (
      code: RejectionCode,
      column: FinalColumn | undefined,
      value: string | undefined,
      reason: string,
    ) => {
      rejections.add(
        {
          line,
          code,
          ...(column ? { column: column.stored.name } : {}),
          ...(value !== undefined ? { value } : {}),
          reason,
        },
        fields,
      );
      return null;
    };

    const idColumn = this.customerColumn;
    const customerId = (fields[idColumn.index] as string).trim();
    if (isMissing(customerId, this.options)) {
      return reject('missing_id', idColumn, customerId, `no customer id in column "${idColumn.stored.name}"`);
    }

    const roles: StoredValue[] = new Array<StoredValue>(this.roleCount).fill(null);
    const attributes: StoredValue[] = new Array<StoredValue>(this.attributeCount).fill(null);
    const byRole: Record<string, RoleValue> = {};
    for (let i = 0; i < this.columns.length; i++) {
      const parser = this.parsers[i];
      if (!parser) continue;
      const column = this.columns[i] as FinalColumn;
      const raw = fields[column.index] as string;
      const parsed = parser(raw);
      if (!parsed.ok)
        return reject('bad_value', column, raw, `${parsed.reason} (column "${column.stored.name}")`);
      const value = typeof parsed.value === 'boolean' ? (parsed.value ? 1 : 0) : parsed.value;
      const slot = this.roleSlot[i] as number;
      if (slot >= 0) {
        roles[slot] = value;
        byRole[column.stored.role] = parsed.value;
      } else {
        const attribute = this.attributeSlot[i] as number;
        if (attribute >= 0) attributes[attribute] = value;
      }
    }
    for (const column of this.required) {
      if (byRole[column.stored.role] === null || byRole[column.stored.role] === undefined) {
        const label = (column.spec as RoleSpec).label.toLocaleLowerCase('en');
        return reject(
          'missing_value',
          column,
          fields[column.index],
          `no ${label} in column "${column.stored.name}"`,
        );
      }
    }

    const flag = this.flagColumn;
    if (this.churned && flag) {
      const raw = (fields[flag.index] as string).trim();
      if (isMissing(raw, this.options)) {
        return reject('missing_churned', flag, raw, `the churned flag "${flag.stored.name}" is empty`);
      }
      const reading = this.churned.byValue.get(raw);
      if (reading === undefined) {
        return reject(
          'unknown_churned_value',
          flag,
          raw,
          `"${raw}" is not a known value of the churned flag`,
        );
      }
      byRole[flag.stored.role] = reading;
      roles[this.roleSlot[flag.index] as number] = reading ? 1 : 0;
    }

    const problem = this.check(byRole);
    if (problem !== null) {
      const column = this.columns.find((candidate) => candidate.stored.role === problem.role);
      return reject(problem.code, column, column ? fields[column.index] : undefined, problem.reason);
    }
    return { customerId, roles, attributes };
  }
}

/** A role's parser that then reads the value into the role's fixed vocabulary (missing stays null). */
function withVocabulary(parse: ValueParser, vocabulary: (value: string) => ParsedValue): ValueParser {
  return (raw) => {
    const parsed = parse(raw);
    return parsed.ok && typeof parsed.value === 'string' ? vocabulary(parsed.value) : parsed;
  };
}

/** Rejected rows: all counted and written to the CSV, the first 10,000 listed, a few example lines per reason. */
class Rejections {
  count = 0;
  readonly rows: RejectedRow[] = [];
  private readonly byCode = new Map<RejectionCode, { count: number; exampleLines: number[] }>();
  private csvId: string | null = null;

  constructor(private readonly csv: RejectedCsvWriter | null) {}

  add(row: RejectedRow, fields: readonly string[]): void {
    this.count += 1;
    if (this.rows.length < rejectedListLimit) this.rows.push(row);
    const entry = this.byCode.get(row.code) ?? { count: 0, exampleLines: [] };
    entry.count += 1;
    if (entry.exampleLines.length < exampleLinesPerCode) entry.exampleLines.push(row.line);
    this.byCode.set(row.code, entry);
    this.csv?.add(row, fields);
  }

  /** Finishes the CSV (once); its id, or null when nothing was rejected or no folder was given. */
  closeCsv(): string | null {
    this.csvId ??= this.csv?.close() ?? null;
    return this.csvId;
  }

  /** Deletes an unfinished CSV (the import failed; a finished one is kept). */
  discardCsv(): void {
    this.csv?.discard();
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
