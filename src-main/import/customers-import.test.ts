import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotProject } from '../../tests/support/project-snapshot';
import { ImportRequest } from '@shared/contract/import';
import { ProjectConnections } from '../jobs/project-connections';
import { createTaskContext } from '../jobs/task-context';
import { openProjectFile, type Db } from '../store/database';
import { importCustomersTask } from './customers-import';
import { failure } from '../../tests/support/app-errors';
import { lungCsv, telcoCsv } from '../../tests/support/datasets';

const rejections = resolve(import.meta.dirname, '../../tests/fixtures/customers/rejections.csv');

let dir: string;
let project: string;
let connections: ProjectConnections;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-import-'));
  project = join(dir, 'p.tenure');
  openProjectFile(project, { create: true }).close();
  connections = new ProjectConnections();
});
afterEach(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function run(
  request: Omit<ImportRequest, 'project' | 'kind'>,
  options: { cancelAfterProgress?: number } = {},
) {
  let progressEvents = 0;
  const ctx = createTaskContext({
    isCancelled: () =>
      options.cancelAfterProgress !== undefined && progressEvents >= options.cancelAfterProgress,
    emit: () => {
      progressEvents += 1;
    },
    projects: connections,
    minIntervalMs: 0,
  });
  return importCustomersTask(ImportRequest.parse({ project, kind: 'customers', ...request }), ctx);
}

/** Every table's rows and the schema: equal snapshots mean the project is exactly as it was. */
function snapshot(): string {
  const db: Db = openProjectFile(project);
  try {
    return snapshotProject(db);
  } finally {
    db.close();
  }
}

function churnedCount(): number {
  const db = openProjectFile(project);
  try {
    return db.prepare('SELECT SUM(churned) FROM customers').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('customer import', () => {
  it('imports the telcoCsv sample: 7043 customers, 0 rejected, 1869 churned, types from every row', async () => {
    const report = await run({ path: telcoCsv, mapping: { id: 'customer_id', churned: 'Churn' } });
    expect(report).toMatchObject({
      rowsRead: 7043,
      imported: 7043,
      rejectedCount: 0,
      replaced: 0,
      dryRun: false,
    });
    expect(report.rejected).toEqual([]);
    expect(report.churnedValues).toEqual({ churned: ['Yes'], active: ['No'] });
    expect(report.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    const types = Object.fromEntries(report.columns.map((c) => [c.name, [c.type, c.role]]));
    expect(types).toMatchObject({
      customer_id: ['text', 'id'],
      Churn: ['boolean', 'churned'],
      tenure: ['integer', 'attribute'],
      Contract: ['category', 'attribute'],
      MonthlyCharges: ['decimal', 'attribute'],
      TotalCharges: ['decimal', 'attribute'],
      SeniorCitizen: ['boolean', 'attribute'],
    });
    expect(report.columns.find((c) => c.name === 'TotalCharges')?.missing).toBe(11);
    expect(churnedCount()).toBe(1869);
  });

  it("reads R's lungCsv status (2 = dead) only when told which value means churned", async () => {
    const before = snapshot();
    const error = await failure(run({ path: lungCsv, mapping: { id: 'inst', churned: 'status' } }));
    // inst is not unique either, but the churned question comes first: it is asked before any row is written.
    expect(error.code).toBe('CHURNED_VALUE_REQUIRED');
    expect(error.message).toBe(
      'Column "status" has values that are not yes/no: "2" (165), "1" (63). Say which value means churned (in the CLI: --churned-value).',
    );
    expect(snapshot()).toBe(before);
  });

  it('imports lungCsv with --churned-value 2 and reports how the flag was read', async () => {
    const withIds = join(dir, 'lung-with-ids.csv');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(lungCsv, 'utf8').trimEnd().split('\n');
    writeFileSync(
      withIds,
      [`"id",${lines[0]}`, ...lines.slice(1).map((line, i) => `${i + 1},${line}`)].join('\n'),
    );
    const report = await run({
      path: withIds,
      mapping: { id: 'id', churned: 'status', tenure: 'time' },
      tenureUnit: 'days',
      churnedValues: ['2'],
    });
    expect(report).toMatchObject({ imported: 228, rejectedCount: 0 });
    expect(report.churnedValues).toEqual({ churned: ['2'], active: ['1'] });
    expect(report.columns.find((c) => c.name === 'time')).toEqual({
      name: 'time',
      type: 'integer',
      role: 'tenure',
      unit: 'days',
      missing: 0,
    });
    expect(churnedCount()).toBe(165);
  });

  it('rejects each bad row with its line and reason, and imports the rest', async () => {
    const report = await run({
      path: rejections,
      mapping: { id: 'id', churned: 'churned', start: 'signup', end: 'cancelled', tenure: 'months' },
      tenureUnit: 'months',
      types: { spend: 'decimal' },
    });
    expect(report.rowsRead).toBe(32);
    expect(report.imported).toBe(23);
    expect(report.rejected).toEqual([
      { line: 4, code: 'missing_id', column: 'id', value: '', reason: 'no customer id in column "id"' },
      {
        line: 5,
        code: 'unknown_churned_value',
        column: 'churned',
        value: 'maybe',
        reason: '"maybe" is not a known value of the churned flag',
      },
      {
        line: 6,
        code: 'end_before_start',
        column: 'cancelled',
        value: '2024-04-01',
        reason: 'end date 2024-04-01 is before start date 2024-05-01',
      },
      expect.objectContaining({ line: 7, code: 'bad_value', column: 'signup', value: '2024-13-01' }),
      { line: 8, code: 'negative_tenure', column: 'months', value: '-3', reason: 'tenure -3 is negative' },
      {
        line: 9,
        code: 'duplicate_id',
        column: 'id',
        value: 'A2',
        reason: 'customer id "A2" already appeared on line 3',
      },
      { line: 10, code: 'ragged_row', reason: 'has 4 fields, expected 7' },
      {
        line: 11,
        code: 'missing_churned',
        column: 'churned',
        value: '',
        reason: 'the churned flag "churned" is empty',
      },
      expect.objectContaining({ line: 12, code: 'bad_value', column: 'spend', value: 'lots' }),
    ]);
    expect(report.rejectedCount).toBe(9);
    expect(report.rejectionSummary.find((entry) => entry.code === 'bad_value')).toEqual({
      code: 'bad_value',
      count: 2,
      exampleLines: [7, 12],
    });
    expect(churnedCount()).toBe(6);
  });

  it('a dry run reports exactly what an import would do and changes nothing', async () => {
    const before = snapshot();
    const report = await run({
      path: telcoCsv,
      mapping: { id: 'customer_id', churned: 'Churn' },
      dryRun: true,
    });
    expect(report).toMatchObject({ importId: null, dryRun: true, imported: 7043, rejectedCount: 0 });
    expect(snapshot()).toBe(before);
  });

  it('a second import replaces the customer table', async () => {
    await run({ path: telcoCsv, mapping: { id: 'customer_id', churned: 'Churn' } });
    const report = await run({
      path: rejections,
      mapping: { id: 'id', churned: 'churned' },
    });
    expect(report.replaced).toBe(7043);
    expect(report.imported).toBeGreaterThan(0);
  });

  it('a cancelled import leaves the project exactly as it was', async () => {
    await run({ path: telcoCsv, mapping: { id: 'customer_id', churned: 'Churn' } });
    const before = snapshot();
    const error = await failure(
      run({ path: telcoCsv, mapping: { id: 'customer_id', churned: 'Churn' } }, { cancelAfterProgress: 1 }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(snapshot()).toBe(before);
  });

  it('fails as a whole, project unchanged, when no row can be imported', async () => {
    await run({ path: telcoCsv, mapping: { id: 'customer_id', churned: 'Churn' } });
    const before = snapshot();
    const bad = join(dir, 'all-bad.csv');
    writeFileSync(bad, 'id,churned\n,yes\n,no\n');
    const error = await failure(run({ path: bad, mapping: { id: 'id', churned: 'churned' } }));
    expect(error.code).toBe('NOTHING_IMPORTED');
    expect(error.message).toBe(
      'No row of all-bad.csv could be imported: all 2 rows were rejected (e.g. line 2: no customer id in column "id"). The project is unchanged.',
    );
    expect(snapshot()).toBe(before);
  });

  it.each([
    ['empty.csv', '', 'FILE_EMPTY'],
    ['header-only.csv', 'id,churned\n', 'NO_DATA_ROWS'],
    [
      'garbage.csv',
      Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x01, 0x02, 0x00, 0x9c, 0x00, 0x00, 0x7f]),
      'FILE_NOT_TEXT',
    ],
  ])('refuses %s with %s and leaves the project unchanged', async (name, content, code) => {
    await run({ path: telcoCsv, mapping: { id: 'customer_id', churned: 'Churn' } });
    const before = snapshot();
    const file = join(dir, name);
    writeFileSync(file, content);
    const error = await failure(run({ path: file, mapping: { id: 'id' } }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(name);
    expect(snapshot()).toBe(before);
  });

  it('names a column that is not in the file, and the columns that are', async () => {
    const error = await failure(run({ path: rejections, mapping: { id: 'customer' } }));
    expect(error.code).toBe('MAPPING_INVALID');
    expect(error.message).toBe(
      'rejections.csv has no column "customer" (mapped to id). Its columns are: "id", "plan", "churned", "signup", "cancelled", "months", "spend".',
    );
  });
});
