import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetKind } from '@shared/domain/datasets';
import { openProjectFile } from './database';
import { datasetTables, datasetTablesSql } from './dataset-schema';

const dir = mkdtempSync(join(tmpdir(), 'tenure-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * SQL text with runs of blanks made one space and none inside parentheses or before a comma:
 * formatting apart (ALTER TABLE … ADD COLUMN writes its column into the stored text as "\n  , col").
 */
const normalise = (sql: string) =>
  sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/ ,/g, ',').trim();

describe('dataset-schema.ts', () => {
  it('is exactly the DDL a freshly migrated project has, for every kind', () => {
    const db = openProjectFile(join(dir, 'fresh.tenure'), { create: true });
    const migrated = new Map(
      (
        db.prepare('SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL').all() as {
          name: string;
          sql: string;
        }[]
      ).map((row) => [row.name, normalise(row.sql)]),
    );
    db.close();

    // The same tables built from dataset-schema.ts alone (after the imports table they reference).
    const built = new Database(':memory:');
    built.exec('CREATE TABLE imports (id INTEGER PRIMARY KEY)');
    for (const kind of DatasetKind.options) {
      const tables = datasetTables[kind];
      const [rows, columns, attributes] = datasetTablesSql(kind) as [string, string, string];
      expect(normalise(rows), kind).toBe(migrated.get(tables.rows));
      expect(normalise(columns), kind).toBe(migrated.get(tables.columns));
      expect(normalise(attributes), kind).toBe(migrated.get(tables.attributes));
      for (const index of tables.indexes) expect(normalise(index.sql)).toBe(migrated.get(index.name));
      for (const sql of [rows, columns, attributes, ...tables.indexes.map((index) => index.sql)])
        built.exec(sql);
    }
    // And nothing of a dataset in the migrated file that the schema module does not know about.
    const known = new Set(
      DatasetKind.options.flatMap((kind) => {
        const tables = datasetTables[kind];
        return [tables.rows, tables.columns, tables.attributes, ...tables.indexes.map((index) => index.name)];
      }),
    );
    // (Other migrations add tables of their own, e.g. the customer view; none is a dataset's.)
    const unknownDatasetTables = [...migrated.keys()].filter(
      (name) => /_(attributes|columns)$|_by_customer$/.test(name) && !known.has(name),
    );
    expect(unknownDatasetTables).toEqual([]);
    built.close();
  });
});
