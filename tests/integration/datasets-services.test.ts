import { createWriteStream, readdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotProject } from '../support/project-snapshot';
import type { JobProgress } from '@shared/contract/channel';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import { openProjectFile } from '../../src-main/store/database';
import { realClient, testEnvironment } from './real-services';
import { failure } from '../support/app-errors';

/**
 * Imports of every kind through the real services, in-process (dispatch validates every request,
 * progress event and response against the contract; imports run in the jobs worker thread): the CDNOW
 * purchase log with exact figures, rejected rows as CSV, history and undo, and a cancel half-way
 * that leaves the project unchanged.
 */
const cdnow = resolve(import.meta.dirname, '../../../shared/data/cdnow_transactions.csv');
const fixture = (name: string) => resolve(import.meta.dirname, '../fixtures/datasets', name);

let dir: string;
let dataDir: string;
let services: Services;
let client: Client;

beforeAll(() => {
  const test = testEnvironment('cli');
  dir = test.dir;
  dataDir = test.environment.dataDir;
  ({ services, client } = realClient(test.environment));
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

function query<T = Record<string, unknown>>(project: string, sql: string): T[] {
  const db = openProjectFile(project);
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Every table's rows and the schema: equal snapshots mean the project is exactly as it was. */
function snapshot(project: string): string {
  const db = openProjectFile(project);
  try {
    return snapshotProject(db);
  } finally {
    db.close();
  }
}

describe('CDNOW purchase log (tests/../shared/data, 69,659 rows)', () => {
  const mapping = { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' };

  it('is guessed as transactions from its column names', async () => {
    const inspected = await client.import.inspect({ path: cdnow, previewRows: 5 });
    expect(inspected.kind).toEqual({
      value: 'transactions',
      reason: 'the columns "date" (date), "amount" (amount) and "quantity" (quantity) look like transactions',
    });
    expect(inspected.suggestedMapping).toEqual(mapping);
  });

  it('validates: 255 rows repeat an earlier row exactly (same customer, day, CDs and dollars)', async () => {
    const project = join(dir, 'cdnow-dry.tenure');
    await client.project.create({ path: project });
    const report = await client.import.run({
      project,
      path: cdnow,
      kind: 'transactions',
      mapping,
      dryRun: true,
    });
    // Counted independently with Python over the file: 69,659 rows, 69,404 distinct.
    expect(report).toMatchObject({ rowsRead: 69_659, imported: 69_404, rejectedCount: 255, importId: null });
    expect(report.rejectionSummary).toEqual([
      { code: 'duplicate_row', count: 255, exampleLines: expect.arrayContaining([1383]) },
    ]);
    expect(report.rejected[0]).toEqual({
      line: 1383,
      code: 'duplicate_row',
      reason: 'the same row as line 1382',
    });
    const csv = await client.import.rejectedCsv({ id: report.rejectedCsv as string });
    expect(csv.rows).toBe(255);
    expect(csv.csv.split('\r\n')[1]).toBe(
      '1383,duplicate_row,,,the same row as line 1382,00398,1998-05-18,1,12.99',
    );
    expect(query(project, 'SELECT COUNT(*) AS n FROM transactions')).toEqual([{ n: 0 }]);
  });

  it('imports every purchase when repeats are kept: exact rows, customers, revenue to the cent, free orders', async () => {
    const project = join(dir, 'cdnow.tenure');
    await client.project.create({ path: project });
    const progress: JobProgress[] = [];
    const report = await client.import.run(
      { project, path: cdnow, kind: 'transactions', mapping, duplicateRows: 'keep' },
      { onProgress: (event) => progress.push(event) },
    );
    expect(report).toMatchObject({ rowsRead: 69_659, imported: 69_659, rejectedCount: 0, rejectedCsv: null });
    expect(report.columns).toEqual([
      { name: 'customer_id', type: 'text', role: 'customer', missing: 0 },
      { name: 'date', type: 'date', role: 'date', missing: 0 },
      { name: 'quantity', type: 'integer', role: 'quantity', missing: 0 },
      { name: 'amount', type: 'decimal', role: 'amount', missing: 0 },
    ]);
    // Reference figures: shared/data/README.md (23,570 customers, 80 zero amounts) and Python's
    // decimal sum over the file (2,500,315.63 dollars, 167,881 CDs).
    expect(
      query(
        project,
        `SELECT COUNT(*) AS rows, COUNT(DISTINCT customer_id) AS customers, ROUND(SUM(amount), 2) AS revenue,
                SUM(amount = 0) AS free, SUM(quantity) AS cds, MIN(date) AS first, MAX(date) AS last,
                MIN(customer_id) AS lowest
         FROM transactions`,
      ),
    ).toEqual([
      {
        rows: 69_659,
        customers: 23_570,
        revenue: 2_500_315.63,
        free: 80,
        cds: 167_881,
        first: '1997-01-01',
        last: '1998-06-30',
        lowest: '00001',
      },
    ]);
    const history = await client.import.history({ project });
    expect(history.datasets.find((dataset) => dataset.kind === 'transactions')).toEqual({
      kind: 'transactions',
      rows: 69_659,
      customers: 23_570,
      activeImports: 1,
    });
    const phases = new Set(progress.map((event) => event.phase));
    expect([...phases]).toEqual(['scanning', 'importing', 'indexing', 'view']);
    expect(progress.some((event) => event.phase === 'importing' && (event.rowsPerSecond ?? 0) > 0)).toBe(
      true,
    );
  });
});

describe('history, undo and rejected rows through the services', () => {
  it('append → history → undo → the project as before; the rejected rows as CSV', async () => {
    const project = join(dir, 'orders.tenure');
    await client.project.create({ path: project });
    const mapping = { customer: 'customer_id', date: 'date', amount: 'amount' };
    await client.import.run({ project, path: fixture('orders-march.csv'), kind: 'transactions', mapping });
    const before = snapshot(project);
    const joined = await client.import.run({
      project,
      path: fixture('orders-joined.csv'),
      kind: 'transactions',
      mapping,
      mode: 'append',
    });
    expect(joined).toMatchObject({ importId: 2, mode: 'append', imported: 3, rejectedCount: 7 });
    expect(readdirSync(join(dataDir, 'rejected'))).toContain(`${joined.rejectedCsv}.csv`);
    const rejected = await client.import.rejectedCsv({ id: joined.rejectedCsv as string });
    expect(rejected).toMatchObject({ fileName: 'orders_joined-rejected.csv', rows: 7 });

    const history = await client.import.history({ project });
    expect(history.imports.map((entry) => [entry.id, entry.mode, entry.state, entry.undoable])).toEqual([
      [2, 'append', 'active', true],
      [1, 'replace', 'active', false],
    ]);
    const progress: string[] = [];
    const after = await client.import.undo(
      { project, importId: 2 },
      { onProgress: (event) => progress.push(event.phase) },
    );
    expect(after.imports[0]).toMatchObject({ id: 2, state: 'undone', undoable: false });
    expect(progress).toContain('undoing');
    const withoutLog = (text: string) => JSON.parse(text) as { contents: [string, unknown][] };
    expect(withoutLog(snapshot(project)).contents.filter(([name]) => name !== 'imports')).toEqual(
      withoutLog(before).contents.filter(([name]) => name !== 'imports'),
    );

    const notThere = await failure(client.import.rejectedCsv({ id: 'nothing-here' }));
    expect(notThere.code).toBe('NOT_FOUND');
    const escape = await failure(client.import.rejectedCsv({ id: '../../etc/passwd' }));
    expect(escape.code).toBe('INVALID_REQUEST');
  });

  it('inspect with a project offers the settings of the last import of a file of the same shape', async () => {
    const project = join(dir, 'remember.tenure');
    await client.project.create({ path: project });
    const settings = {
      kind: 'transactions' as const,
      mapping: { customer: 'customer_id', date: 'date', amount: 'amount' },
      ignore: ['region'],
    };
    const first = await client.import.run({ project, path: fixture('orders-march.csv'), ...settings });
    const next = await client.import.inspect({ path: fixture('orders-april.csv'), project, previewRows: 5 });
    expect(next.remembered).toMatchObject({
      importId: first.importId,
      fileName: 'orders-march.csv',
      settings: { ...settings, options: first.options },
    });
  });
});

describe('cancel half-way (WorkerHost in the jobs worker)', () => {
  it('leaves the project unchanged, for an append and for a replace', async () => {
    const project = join(dir, 'cancel.tenure');
    await client.project.create({ path: project });
    const mapping = { customer: 'customer_id', date: 'date', amount: 'amount' };
    await client.import.run({ project, path: fixture('orders-march.csv'), kind: 'transactions', mapping });
    const big = join(dir, 'big-orders.csv');
    const out = createWriteStream(big);
    out.write('customer_id,date,amount,channel\n');
    for (let i = 0; i < 300_000; i++) {
      if (!out.write(`K${i % 40_000},2024-0${1 + (i % 9)}-1${i % 10},${(i % 997) / 10},web${i % 3}\n`)) {
        await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');
    const before = snapshot(project);

    for (const mode of ['append', 'replace'] as const) {
      const controller = new AbortController();
      const phases: string[] = [];
      const error = await failure(
        client.import.run(
          { project, path: big, kind: 'transactions', mapping, mode },
          {
            signal: controller.signal,
            onProgress: (event) => {
              phases.push(event.phase);
              if (event.phase === 'importing' && event.done > (event.total ?? 0) / 3) controller.abort();
            },
          },
        ),
      );
      expect(error.code).toBe('CANCELLED');
      expect(phases).toContain('scanning');
      expect(phases).toContain('importing');
      expect(snapshot(project)).toBe(before);
    }
  });
});
