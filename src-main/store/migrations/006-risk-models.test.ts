import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProjectFile } from '../database';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-m6-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 6: churn-risk models and scores', () => {
  it('upgrades a version-5 file: empty tables, unique names, scores go with their model', () => {
    const file = join(dir, 'v5.tenure');
    const v5 = openProjectFile(file, { create: true, targetVersion: 5 });
    const tables = () =>
      v5.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'risk%'").pluck().all();
    expect(tables()).toEqual([]);
    v5.close();

    const db = openProjectFile(file, { migrate: true });
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
    const insert = db.prepare(
      `INSERT INTO risk_models (name, kind, created_at, request_json, metrics_json, model_json, state_token)
       VALUES (?, ?, '2026-01-01', '{}', '{}', '{}', 't')`,
    );
    const id = Number(insert.run('m', 'logistic').lastInsertRowid);
    expect(() => insert.run('m', 'logistic')).toThrow(/UNIQUE/);
    expect(() => insert.run('n', 'forest')).toThrow(/CHECK/);
    const score = db.prepare(
      "INSERT INTO risk_scores (model_id, customer_id, score, tier, value, reasons_json) VALUES (?, ?, 0.5, ?, NULL, '[]')",
    );
    score.run(id, 'C1', 'high');
    expect(() => score.run(id, 'C2', 'extreme')).toThrow(/CHECK/);
    expect(() => score.run(id + 1, 'C3', 'low')).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM risk_models WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) FROM risk_scores').pluck().get()).toBe(0);
    db.close();
  });
});
