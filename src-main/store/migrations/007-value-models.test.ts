import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../database';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-m7-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 7: customer-value fits, values and RFM scores', () => {
  it('upgrades a version-6 file: empty tables, checked values, values go with their fit', () => {
    const file = join(dir, 'v6.tenure');
    const v6 = openProjectFile(file, { create: true, targetVersion: 6 });
    expect(
      v6.prepare("SELECT name FROM sqlite_master WHERE name IN ('value_models', 'rfm_scores')").all(),
    ).toEqual([]);
    v6.close();

    const db = openProjectFile(file, { migrate: true });
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(7);
    const insert = db.prepare(
      `INSERT INTO value_models (name, kind, created_at, request_json, result_json, model_json, state_token)
       VALUES (?, ?, '2026-01-01', '{}', '{}', '{}', 't')`,
    );
    const id = Number(insert.run('m', 'bgnbd').lastInsertRowid);
    expect(() => insert.run('m', 'pareto')).toThrow(/UNIQUE/);
    expect(() => insert.run('n', 'gamma')).toThrow(/CHECK/);
    const value = db.prepare(
      `INSERT INTO value_scores (model_id, customer_id, x, tx, age, zbar, p_alive, expected_purchases, expected_spend, clv, decile)
       VALUES (?, ?, 1, 2, 3, 4, 0.5, 1.5, 20, 9, ?)`,
    );
    value.run(id, 'C1', 10);
    expect(() => value.run(id, 'C2', 11)).toThrow(/CHECK/);
    expect(() => value.run(id + 1, 'C3', 1)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM value_models WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) FROM value_scores').pluck().get()).toBe(0);
    const rfm = db.prepare(
      "INSERT INTO rfm_scores (customer_id, recency_days, frequency, monetary, r, f, m, segment) VALUES (?, 3, 1, 10, ?, 1, 1, 'Lost')",
    );
    rfm.run('C1', 5);
    expect(() => rfm.run('C2', 6)).toThrow(/CHECK/);
    db.close();
  });
});
