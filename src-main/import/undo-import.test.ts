import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotProject } from '../../tests/support/project-snapshot';
import { ImportRequest } from '@shared/contract/import';
import { ProjectConnections } from '../jobs/project-connections';
import { createTaskContext } from '../jobs/task-context';
import { rebuildCustomerView } from '../store/customer-view';
import { openProjectFile } from '../store/database';
import { importDatasetTask } from './dataset-import';
import { importHistoryTask, undoImportTask } from './undo-import';
import { failure } from '../../tests/support/app-errors';

const fixture = (name: string) => resolve(import.meta.dirname, '../../tests/fixtures/datasets', name);
const orders = { customer: 'customer_id', date: 'date', amount: 'amount' };

let dir: string;
let project: string;
let connections: ProjectConnections;
const phases: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-undo-'));
  project = join(dir, 'p.tenure');
  openProjectFile(project, { create: true }).close();
  connections = new ProjectConnections();
  phases.length = 0;
});
afterEach(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = () =>
  createTaskContext({
    isCancelled: () => false,
    emit: (progress) => phases.push(progress.phase),
    projects: connections,
    minIntervalMs: 0,
  });
const run = (request: Omit<ImportRequest, 'project'>) =>
  importDatasetTask(ImportRequest.parse({ project, ...request }), ctx());
const undo = (importId: number) => undoImportTask({ project, importId }, ctx());
const history = () => importHistoryTask({ project }, ctx());

/** Everything in the project but the import log (which rightly remembers an undone import). */
function snapshot(): string {
  return snapshotProject(connections.get(project), ['imports']);
}

describe('undo', () => {
  it('append → undo leaves the project exactly as before, added attribute column included', async () => {
    await run({ path: fixture('orders-march.csv'), kind: 'transactions', mapping: orders });
    const before = snapshot();
    const appended = await run({
      path: fixture('orders-may-channel.csv'),
      kind: 'transactions',
      mapping: orders,
      mode: 'append',
    });
    expect(snapshot()).not.toBe(before);
    const after = undo(appended.importId as number);
    expect(snapshot()).toBe(before);
    expect(phases).toContain('undoing');
    expect(phases).toContain('view');
    expect(after.imports.map((entry) => [entry.id, entry.state, entry.undoable])).toEqual([
      [2, 'undone', false],
      [1, 'active', true],
    ]);
    expect(after.datasets.find((dataset) => dataset.kind === 'transactions')).toEqual({
      kind: 'transactions',
      rows: 3,
      customers: 3,
      activeImports: 1,
    });
  });

  it('replace → undo brings back the old rows, their attributes and column records', async () => {
    await run({ path: fixture('customers-few.csv'), kind: 'customers', mapping: { id: 'id' } });
    const before = snapshot();
    const replacing = await run({
      path: fixture('customers-more.csv'),
      kind: 'customers',
      mapping: { id: 'id' },
    });
    expect(replacing).toMatchObject({ replaced: 3, imported: 2 });
    undo(replacing.importId as number);
    expect(snapshot()).toBe(before);
    const db = connections.get(project);
    expect(
      db
        .prepare('SELECT c.customer_id, a.a1 FROM customers c JOIN customer_attributes a ON a.row = c.row')
        .all(),
    ).toEqual([
      { customer_id: 'C1', a1: 'basic' },
      { customer_id: 'C2', a1: 'pro' },
      { customer_id: 'C3', a1: 'basic' },
    ]);
    expect(history().imports.map((entry) => [entry.id, entry.state])).toEqual([
      [2, 'undone'],
      [1, 'active'],
    ]);
  });

  it('walks a dataset back one import at a time, re-activating what a replace replaced', async () => {
    // The baseline is an empty project whose customer view has been computed (as every import and undo does).
    const db = connections.get(project);
    db.transaction(() => rebuildCustomerView(db))();
    const empty = snapshot();
    await run({ path: fixture('orders-march.csv'), kind: 'transactions', mapping: orders });
    const afterMarch = snapshot();
    await run({ path: fixture('orders-april.csv'), kind: 'transactions', mapping: orders, mode: 'append' });
    const afterApril = snapshot();
    await run({ path: fixture('orders-joined.csv'), kind: 'transactions', mapping: orders });
    // Other kinds keep their own history: feedback imported in between does not block undo of orders.
    await run({
      path: fixture('feedback.csv'),
      kind: 'feedback',
      mapping: { customer: 'customer', date: 'date' },
    });

    const listed = history().imports;
    expect(listed.map((entry) => [entry.id, entry.kind, entry.mode, entry.state, entry.undoable])).toEqual([
      [4, 'feedback', 'replace', 'active', true],
      [3, 'transactions', 'replace', 'active', true],
      [2, 'transactions', 'append', 'replaced', false],
      [1, 'transactions', 'replace', 'replaced', false],
    ]);
    expect(listed[2]?.notUndoableReason).toBe(
      'Replaced by import #3; undo that import first to bring these rows back.',
    );

    const notYet = await failure(Promise.resolve().then(() => undo(1)));
    expect(notYet.code).toBe('NOT_UNDOABLE');
    expect(notYet.message).toBe(
      'Import #1 (orders-march.csv) cannot be undone: Replaced by import #3; undo that import first to bring these rows back.',
    );

    undo(3);
    const transactions = () => db.prepare('SELECT COUNT(*) FROM transactions').pluck().get();
    expect(transactions()).toBe(5);
    const restored = history().imports.filter((entry) => entry.kind === 'transactions');
    expect(restored.map((entry) => [entry.id, entry.state, entry.undoable, entry.notUndoableReason])).toEqual(
      [
        [3, 'undone', false, expect.stringMatching(/^Already undone \(/)],
        [2, 'active', true, null],
        [
          1,
          'active',
          false,
          'Import #2 into the same dataset (transactions) came later; undo it first (undo goes back one import at a time).',
        ],
      ],
    );
    // Feedback untouched, so comparing whole snapshots needs it gone first.
    undo(4);
    expect(snapshot()).toBe(afterApril);
    undo(2);
    expect(snapshot()).toBe(afterMarch);
    undo(1);
    expect(snapshot()).toBe(empty);
    expect(history().datasets.every((dataset) => dataset.rows === 0 && dataset.activeImports === 0)).toBe(
      true,
    );

    const again = await failure(Promise.resolve().then(() => undo(1)));
    expect(again.code).toBe('NOT_UNDOABLE');
    const missing = await failure(Promise.resolve().then(() => undo(99)));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('imports made before undo existed: replaced ones cannot come back; a first one can be undone', () => {
    // A project as the foundation left it: schema 2, two customer imports (the second replaced the first).
    const old = join(dir, 'old.tenure');
    const db = openProjectFile(old, { create: true, targetVersion: 2 });
    const record = db.prepare(
      `INSERT INTO imports (kind, file_name, file_path, file_size, file_sha256, started_at, finished_at,
         rows_read, rows_imported, rows_rejected, options_json, mapping_json)
       VALUES ('customers', ?, ?, 1, 'x', '2024-01-01', '2024-01-01', 1, 1, 0, '{}', '{"mapping":{"id":"id"}}')`,
    );
    record.run('jan.csv', '/jan.csv');
    record.run('feb.csv', '/feb.csv');
    db.prepare("INSERT INTO customers (customer_id, import_id, source_line) VALUES ('C1', 2, 2)").run();
    db.close();
    openProjectFile(old, { migrate: true }).close();

    const oldHistory = importHistoryTask({ project: old }, ctx()).imports;
    expect(
      oldHistory.map((entry) => [entry.id, entry.state, entry.undoable, entry.notUndoableReason]),
    ).toEqual([
      [
        2,
        'active',
        false,
        'Made by a version of Tenure that did not keep the rows it replaced, so undoing it could not bring them back.',
      ],
      [
        1,
        'replaced',
        false,
        'Replaced by import #2 in a version of Tenure that did not keep replaced rows, so they cannot come back.',
      ],
    ]);

    const single = join(dir, 'single.tenure');
    const first = openProjectFile(single, { create: true, targetVersion: 2 });
    first
      .prepare(
        `INSERT INTO imports (kind, file_name, file_path, file_size, file_sha256, started_at, finished_at,
           rows_read, rows_imported, rows_rejected, options_json, mapping_json)
         VALUES ('customers', 'jan.csv', '/jan.csv', 1, 'x', '2024-01-01', '2024-01-01', 1, 1, 0, '{}', '{}')`,
      )
      .run();
    first.prepare("INSERT INTO customers (customer_id, import_id, source_line) VALUES ('C1', 1, 2)").run();
    first.close();
    openProjectFile(single, { migrate: true }).close();
    const undone = undoImportTask({ project: single, importId: 1 }, ctx());
    expect(undone.imports.map((entry) => [entry.id, entry.state])).toEqual([[1, 'undone']]);
    expect(undone.datasets.find((dataset) => dataset.kind === 'customers')?.rows).toBe(0);
  });
  it('a replace made before billing intervals existed (schema 4) can be undone, and the rows it brings back take intervals', async () => {
    // Schema 4: subscriptions without billing_interval. Import 1 wrote C1; import 2 replaced it with
    // C2, keeping import 1's tables as its undo archive, as the importer of that version did.
    const old = join(dir, 'v4.tenure');
    const db = openProjectFile(old, { create: true, targetVersion: 4 });
    const tables = ['subscriptions', 'subscription_columns', 'subscription_attributes'];
    const v4Sql = tables.map(
      (name) => db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string,
    );
    const record = db.prepare(
      `INSERT INTO imports (kind, file_name, file_path, file_size, file_sha256, started_at, finished_at,
         rows_read, rows_imported, rows_rejected, options_json, mapping_json, mode, undo_archive)
       VALUES ('subscriptions', ?, ?, 1, ?, '2024-01-01', '2024-01-01', 1, 1, 0, '{}',
         '{"kind":"subscriptions","mapping":{"customer":"customer","start":"start","mrr":"mrr"}}', 'replace', ?)`,
    );
    const columns = db.prepare(
      'INSERT INTO subscription_columns (position, key, name, type, role) VALUES (?, ?, ?, ?, ?)',
    );
    const describe = () =>
      [
        ['customer', 'text'],
        ['start', 'date'],
        ['mrr', 'decimal'],
      ].forEach(([role, type], position) => columns.run(position, role, role, type, role));
    const row = db.prepare(
      'INSERT INTO subscriptions (customer_id, import_id, source_line, start_date, mrr) VALUES (?, ?, 2, ?, ?)',
    );
    record.run('jan.csv', '/jan.csv', 'a', 0);
    describe();
    row.run('C1', 1, '2024-01-01', 10);
    record.run('feb.csv', '/feb.csv', 'b', 1);
    db.exec('DROP INDEX subscriptions_by_customer');
    for (const name of tables) db.exec(`ALTER TABLE ${name} RENAME TO undo2_${name}`);
    for (const sql of v4Sql) db.exec(sql);
    db.exec('CREATE INDEX subscriptions_by_customer ON subscriptions(customer_id, start_date)');
    db.exec("UPDATE imports SET state = 'replaced', replaced_by = 2 WHERE id = 1");
    describe();
    row.run('C2', 2, '2024-02-01', 20);
    db.close();
    openProjectFile(old, { migrate: true }).close();

    const undone = undoImportTask({ project: old, importId: 2 }, ctx());
    expect(undone.imports.map((entry) => [entry.id, entry.state])).toEqual([
      [2, 'undone'],
      [1, 'active'],
    ]);
    const project = connections.get(old);
    expect(
      project.prepare('SELECT customer_id, mrr, billing_interval FROM subscriptions ORDER BY row').all(),
    ).toEqual([{ customer_id: 'C1', mrr: 10, billing_interval: null }]);

    // The brought-back table takes an appended file with an interval, and the view reads it.
    const march = join(dir, 'march.csv');
    writeFileSync(march, 'customer,start,mrr,interval\nC3,2024-03-01,120,yearly\n');
    await importDatasetTask(
      ImportRequest.parse({
        project: old,
        path: march,
        kind: 'subscriptions',
        mode: 'append',
        mapping: { customer: 'customer', start: 'start', mrr: 'mrr', interval: 'interval' },
      }),
      ctx(),
    );
    expect(
      project.prepare('SELECT customer_id, current_mrr FROM customer_view ORDER BY customer_id').all(),
    ).toEqual([
      { customer_id: 'C1', current_mrr: 10 },
      { customer_id: 'C3', current_mrr: 10 },
    ]);
  });
});
