import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../database';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-m5-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 5: billing interval', () => {
  it('adds billing_interval to subscriptions and to their undo archives, NULL on existing rows', () => {
    const file = join(dir, 'v4.tenure');
    const v4 = openProjectFile(file, { create: true, targetVersion: 4 });
    v4.exec(`INSERT INTO imports (kind, file_name, file_path, file_size, file_sha256, started_at, finished_at,
               rows_read, rows_imported, rows_rejected, options_json, mapping_json)
             VALUES ('subscriptions', 'a.csv', '/a.csv', 1, 'x', '2024-01-01', '2024-01-01', 1, 1, 0, '{}', '{}')`);
    v4.exec(`INSERT INTO subscriptions (customer_id, import_id, source_line, start_date, mrr)
             VALUES ('C1', 1, 2, '2024-01-01', 10)`);
    // An undo archive of a replacing import (rows, and an append's column snapshot that has no such column).
    v4.exec('CREATE TABLE undo7_subscriptions AS SELECT * FROM subscriptions');
    v4.exec('CREATE TABLE undo8_subscription_columns AS SELECT * FROM subscription_columns');
    v4.close();

    const db = openProjectFile(file, { migrate: true });
    const columns = (table: string) =>
      (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
    expect(columns('subscriptions')).toContain('billing_interval');
    expect(columns('undo7_subscriptions')).toContain('billing_interval');
    expect(columns('undo8_subscription_columns')).not.toContain('billing_interval');
    expect(db.prepare('SELECT customer_id, billing_interval FROM subscriptions').all()).toEqual([
      { customer_id: 'C1', billing_interval: null },
    ]);

    // Only the three stored words: readers (customer view, retention) rely on them.
    const set = db.prepare('UPDATE subscriptions SET billing_interval = ?');
    for (const interval of ['month', 'quarter', 'year', null]) expect(() => set.run(interval)).not.toThrow();
    expect(() => set.run('annual')).toThrow(/CHECK constraint failed/);
    db.close();
  });
});
