import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applicationId, openProjectFile } from './database';
import { latestSchemaVersion } from './migrations';
import { readProjectMeta, writeProjectMeta } from './project-meta';
import { errorOf } from '../../tests/support/app-errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('project files', () => {
  it('creates a file in WAL mode with foreign keys on, marked as a Tenure project at the latest schema', () => {
    const file = join(dir, 'a.tenure');
    const db = openProjectFile(file, { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(applicationId);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
  });

  it('upgrades a file made by migration 1 and keeps its data', () => {
    const file = join(dir, 'old.tenure');
    const v1 = openProjectFile(file, { create: true, targetVersion: 1 });
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    writeProjectMeta(v1, { name: 'Made by v1', createdAt: '2026-01-02T03:04:05.000Z' });
    const tables = () =>
      v1
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all() as string[];
    expect(tables()).not.toContain('customers');
    v1.close();

    // A worker never upgrades: it refuses a file that the main thread has not upgraded yet.
    expect(errorOf(() => openProjectFile(file)).message).toMatch(/has not been upgraded/);

    const upgraded = openProjectFile(file, { migrate: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    const names = upgraded.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(names).toEqual(
      expect.arrayContaining(['customers', 'customer_columns', 'customer_attributes', 'imports']),
    );
    expect(readProjectMeta(upgraded)).toEqual({ name: 'Made by v1', createdAt: '2026-01-02T03:04:05.000Z' });
    upgraded.close();
  });

  it('refuses to create over an existing file', () => {
    const file = join(dir, 'a.tenure');
    openProjectFile(file, { create: true }).close();
    expect(errorOf(() => openProjectFile(file, { create: true })).code).toBe('ALREADY_EXISTS');
  });

  it('names what is wrong with a file that is not a project', () => {
    expect(errorOf(() => openProjectFile(join(dir, 'missing.tenure'))).code).toBe('NOT_FOUND');

    const text = join(dir, 'notes.tenure');
    writeFileSync(text, 'hello, this is text');
    const notSqlite = errorOf(() => openProjectFile(text));
    expect(notSqlite.code).toBe('NOT_A_PROJECT');
    expect(notSqlite.message).toBe('notes.tenure is not a Tenure project (it is not an SQLite database).');

    const other = join(dir, 'other.db');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    expect(errorOf(() => openProjectFile(other)).code).toBe('NOT_A_PROJECT');
  });

  it('refuses a project made by a newer Tenure instead of damaging it', () => {
    const file = join(dir, 'future.tenure');
    const db = openProjectFile(file, { create: true });
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const error = errorOf(() => openProjectFile(file, { migrate: true }));
    expect(error.code).toBe('PROJECT_TOO_NEW');
    expect(error.message).toMatch(/newer version of Tenure/);
  });
});
