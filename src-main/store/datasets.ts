import type { ColumnType, TenureUnit } from '@shared/domain/columns';
import type { DatasetKind } from '@shared/domain/datasets';
import type { Db } from './database';
import {
  archiveTableName,
  attributeSqlType,
  attributesTableSql,
  columnsTableSql,
  datasetTables,
  isAttributeKey,
  rowsTableSql,
} from './dataset-schema';

/**
 * The tables of every kind of dataset (customers, subscriptions, transactions, events, feedback): the
 * rows, their attributes and the record of the file's columns; and the two ways an import keeps what
 * it changes so that undo can bring it back:
 *
 * - a replacing import renames the dataset's three tables to `undo<importId>_<table>` (O(1): SQLite
 *   only rewrites the schema; foreign keys follow the rename) and starts fresh tables from
 *   dataset-schema.ts. Index names are global, so the archived table's indexes are dropped and are
 *   created again when the archive is restored.
 * - an appending import copies the small `<one>_columns` table to `undo<importId>_<one>_columns`; undo
 *   deletes the import's rows (import_id), drops the attribute columns the append added and puts the
 *   copy back.
 *
 * Every function here that changes something expects to run inside the caller's transaction.
 */

export type StoredValue = number | string | null;

/** A column of a dataset as kept in `<one>_columns`. */
export interface DatasetColumn {
  position: number;
  /** The role name for role columns (id, churned, customer, date…), a1… for attributes, ignoredN for ignored ones. */
  key: string;
  /** The column's name in the file. */
  name: string;
  type: ColumnType;
  /** A role of the kind, 'attribute' or 'ignore'. */
  role: string;
  unit?: TenureUnit;
  /** For the churned flag: which raw values meant churned and which active. */
  values?: { churned: string[]; active: string[] };
}

/** The roles stored in a kind's row table besides the customer id, in table order. */
export function storedRoles(kind: DatasetKind): string[] {
  const tables = datasetTables[kind];
  return Object.keys(tables.roleColumns).filter((role) => role !== tables.customerRole);
}

function assertInTransaction(db: Db, what: string): void {
  if (!db.inTransaction) throw new Error(`${what} must run inside a transaction`);
}

export function readDatasetColumns(db: Db, kind: DatasetKind): DatasetColumn[] {
  return readColumnsFrom(db, datasetTables[kind].columns);
}

function readColumnsFrom(db: Db, table: string): DatasetColumn[] {
  const rows = db
    .prepare(`SELECT position, key, name, type, role, unit, values_json FROM ${table} ORDER BY position`)
    .all() as {
    position: number;
    key: string;
    name: string;
    type: ColumnType;
    role: string;
    unit: TenureUnit | null;
    values_json: string | null;
  }[];
  return rows.map((row) => ({
    position: row.position,
    key: row.key,
    name: row.name,
    type: row.type,
    role: row.role,
    ...(row.unit ? { unit: row.unit } : {}),
    ...(row.values_json ? { values: JSON.parse(row.values_json) as DatasetColumn['values'] } : {}),
  }));
}

/** Adds column records (positions must be new). */
export function insertDatasetColumns(db: Db, kind: DatasetKind, columns: readonly DatasetColumn[]): void {
  const put = db.prepare(
    `INSERT INTO ${datasetTables[kind].columns} (position, key, name, type, role, unit, values_json)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const column of columns) {
    put.run(
      column.position,
      column.key,
      column.name,
      column.type,
      column.role,
      column.unit ?? null,
      column.values ? JSON.stringify(column.values) : null,
    );
  }
}

/** Rewrites the churned/active readings of a column record (an append that met new flag values). */
export function updateColumnValues(
  db: Db,
  kind: DatasetKind,
  key: string,
  values: { churned: string[]; active: string[] },
): void {
  db.prepare(`UPDATE ${datasetTables[kind].columns} SET values_json = ? WHERE key = ?`).run(
    JSON.stringify(values),
    key,
  );
}

export function countRows(db: Db, kind: DatasetKind): number {
  return db.prepare(`SELECT COUNT(*) FROM ${datasetTables[kind].rows}`).pluck().get() as number;
}

export function countDistinctCustomers(db: Db, kind: DatasetKind): number {
  return db
    .prepare(`SELECT COUNT(DISTINCT customer_id) FROM ${datasetTables[kind].rows}`)
    .pluck()
    .get() as number;
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Keeps the dataset's current tables as the undo archive of `importId` and gives the kind fresh, empty
 * tables with these attribute columns. The fresh row table has no explicit index yet: the caller
 * fills it and then calls `createDatasetIndexes` (building an index once is faster than keeping it up
 * to date over millions of inserts).
 */
export function archiveAndRecreate(
  db: Db,
  kind: DatasetKind,
  importId: number,
  attributes: readonly { key: string; type: ColumnType }[],
): void {
  assertInTransaction(db, 'archiveAndRecreate');
  const tables = datasetTables[kind];
  for (const index of tables.indexes) db.exec(`DROP INDEX IF EXISTS ${index.name}`);
  // Rows first: renaming it rewrites the attribute table's REFERENCES to the archive's name.
  for (const table of [tables.rows, tables.attributes, tables.columns]) {
    db.exec(`ALTER TABLE ${table} RENAME TO ${archiveTableName(importId, table)}`);
  }
  db.exec(rowsTableSql(kind));
  db.exec(columnsTableSql(kind));
  db.exec(attributesTableSql(kind, attributes));
}

export function createDatasetIndexes(db: Db, kind: DatasetKind): void {
  for (const index of datasetTables[kind].indexes)
    db.exec(index.sql.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'));
}

/** Whether the undo archive of a replacing import is still there. */
export function hasArchive(db: Db, kind: DatasetKind, importId: number): boolean {
  return tableExists(db, archiveTableName(importId, datasetTables[kind].rows));
}

/** Drops the dataset's current tables (attributes first: they reference the rows). */
function dropCurrent(db: Db, kind: DatasetKind): void {
  const tables = datasetTables[kind];
  for (const index of tables.indexes) db.exec(`DROP INDEX IF EXISTS ${index.name}`);
  db.exec(`DROP TABLE ${tables.attributes}`);
  db.exec(`DROP TABLE ${tables.rows}`);
  db.exec(`DROP TABLE ${tables.columns}`);
}

/** Undo of a replacing import: its tables go, the archive it kept becomes the dataset again. */
export function restoreArchive(db: Db, kind: DatasetKind, importId: number): void {
  assertInTransaction(db, 'restoreArchive');
  if (!hasArchive(db, kind, importId)) throw new Error(`no undo archive for import ${importId}`);
  dropCurrent(db, kind);
  const tables = datasetTables[kind];
  for (const table of [tables.rows, tables.attributes, tables.columns]) {
    db.exec(`ALTER TABLE ${archiveTableName(importId, table)} RENAME TO ${table}`);
  }
  createDatasetIndexes(db, kind);
}

/** Makes a dataset empty, as a new project has it (undo of a first import made before archives existed). */
export function resetDataset(db: Db, kind: DatasetKind): void {
  assertInTransaction(db, 'resetDataset');
  dropCurrent(db, kind);
  db.exec(rowsTableSql(kind));
  db.exec(columnsTableSql(kind));
  db.exec(attributesTableSql(kind));
  createDatasetIndexes(db, kind);
}

/** Keeps a copy of the dataset's column records before an append changes them. */
export function snapshotColumns(db: Db, kind: DatasetKind, importId: number): void {
  assertInTransaction(db, 'snapshotColumns');
  const table = datasetTables[kind].columns;
  db.exec(`CREATE TABLE ${archiveTableName(importId, table)} AS SELECT * FROM ${table}`);
}

/** Adds an attribute column (an append met a column the dataset did not have). */
export function addAttributeColumn(db: Db, kind: DatasetKind, key: string, type: ColumnType): void {
  if (!isAttributeKey(key)) throw new Error(`bad attribute key ${key}`);
  db.exec(`ALTER TABLE ${datasetTables[kind].attributes} ADD COLUMN ${key} ${attributeSqlType[type]}`);
}

/**
 * Undo of an appending import: deletes its rows and their attributes, drops the attribute columns it
 * added and puts the column records back as they were. Returns the number of rows deleted.
 */
export function removeAppendedImport(db: Db, kind: DatasetKind, importId: number): number {
  assertInTransaction(db, 'removeAppendedImport');
  const tables = datasetTables[kind];
  db.prepare(
    `DELETE FROM ${tables.attributes} WHERE row IN (SELECT row FROM ${tables.rows} WHERE import_id = ?)`,
  ).run(importId);
  const deleted = db.prepare(`DELETE FROM ${tables.rows} WHERE import_id = ?`).run(importId).changes;

  const snapshot = archiveTableName(importId, tables.columns);
  if (!tableExists(db, snapshot)) throw new Error(`no column snapshot for import ${importId}`);
  const before = new Set(readColumnsFrom(db, snapshot).map((column) => column.key));
  for (const column of readDatasetColumns(db, kind)) {
    if (column.role === 'attribute' && !before.has(column.key) && isAttributeKey(column.key)) {
      db.exec(`ALTER TABLE ${tables.attributes} DROP COLUMN ${column.key}`);
    }
  }
  db.exec(`DELETE FROM ${tables.columns}`);
  db.exec(`INSERT INTO ${tables.columns} SELECT * FROM ${snapshot}`);
  db.exec(`DROP TABLE ${snapshot}`);
  return deleted;
}

/** Where an earlier row with the same customer id came from (customer tables hold each id once). */
export interface EarlierRow {
  line: number;
  importId: number;
}

export interface DatasetWriter {
  /**
   * Inserts one row: the customer id, the stored roles' values in `storedRoles(kind)` order and the
   * attribute values in the writer's attribute order. In the customer table a repeated id is not
   * inserted; the row it repeats is returned instead.
   */
  insert(
    customerId: string,
    line: number,
    roles: readonly StoredValue[],
    attributes: readonly StoredValue[],
  ): InsertOutcome;
}

export type InsertOutcome = { inserted: true } | { inserted: false; earlier: EarlierRow };
const inserted: InsertOutcome = Object.freeze({ inserted: true });

/** A writer for one import's rows, with these attribute columns (generated keys). */
export function datasetWriter(
  db: Db,
  kind: DatasetKind,
  importId: number,
  attributeKeys: readonly string[],
): DatasetWriter {
  const tables = datasetTables[kind];
  for (const key of attributeKeys) if (!isAttributeKey(key)) throw new Error(`bad attribute key ${key}`);
  const roleSql = storedRoles(kind).map((role) => tables.roleColumns[role] as string);
  const conflict = kind === 'customers' ? ' ON CONFLICT(customer_id) DO NOTHING' : '';
  const insertRow = db.prepare(
    `INSERT INTO ${tables.rows} (customer_id, import_id, source_line${roleSql.map((c) => `, ${c}`).join('')})
     VALUES (?, ?, ?${roleSql.map(() => ', ?').join('')})${conflict}`,
  );
  const earlier =
    kind === 'customers'
      ? db.prepare(
          `SELECT source_line AS line, import_id AS importId FROM ${tables.rows} WHERE customer_id = ?`,
        )
      : null;
  const insertAttributes =
    attributeKeys.length === 0
      ? null
      : db.prepare(
          `INSERT INTO ${tables.attributes} (row${attributeKeys.map((key) => `, ${key}`).join('')})
           VALUES (?${attributeKeys.map(() => ', ?').join('')})`,
        );
  return {
    insert(customerId, line, roles, attributes) {
      const result = insertRow.run(customerId, importId, line, ...roles);
      if (result.changes === 0) return { inserted: false, earlier: earlier?.get(customerId) as EarlierRow };
      insertAttributes?.run(result.lastInsertRowid, ...attributes);
      return inserted;
    },
  };
}
