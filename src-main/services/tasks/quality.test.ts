import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityReport } from '@shared/contract/quality';
import { ProjectConnections } from '../../jobs/project-connections';
import { createTaskContext, type TaskContext } from '../../jobs/task-context';
import { writeChurnSetting } from '../../store/customer-view';
import { openProjectFile } from '../../store/database';
import {
  writeCdnowTransactions,
  writeFixtureDatasets,
} from '../../../tests/golden/customer-view/datasets-sql';
import { qualityReportTask } from './quality';

let dir: string;
let connections: ProjectConnections;
let ctx: TaskContext;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-quality-'));
  connections = new ProjectConnections();
  ctx = createTaskContext({ isCancelled: () => false, emit: () => undefined, projects: connections });
});

afterAll(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const warning = (report: QualityReport, code: string, dataset: string | null = null) =>
  report.warnings.find((candidate) => candidate.code === code && candidate.dataset === dataset);

describe('quality report on the hand-made fixture (tests/golden/customer-view/fixture)', () => {
  let project: string;
  let report: QualityReport;

  beforeAll(() => {
    project = join(dir, 'fixture.tenure');
    const db = openProjectFile(project, { create: true });
    writeFixtureDatasets(db);
    db.close();
    report = qualityReportTask({ project }, ctx);
  });

  it('profiles every dataset', () => {
    expect(report.datasets.map((dataset) => [dataset.kind, dataset.rows, dataset.customers])).toEqual([
      ['customers', 8, 8],
      ['subscriptions', 11, 8],
      ['transactions', 5, 3],
      ['events', 8, 4],
      ['feedback', 7, 4],
    ]);
    const transactions = report.datasets.find((dataset) => dataset.kind === 'transactions');
    expect(transactions?.dateRange).toEqual({ from: '2024-01-10', to: '2024-06-30' });
    expect(transactions?.rowsByMonth).toEqual([
      { month: '2024-01', rows: 2 },
      { month: '2024-02', rows: 0 },
      { month: '2024-03', rows: 0 },
      { month: '2024-04', rows: 1 },
      { month: '2024-05', rows: 1 },
      { month: '2024-06', rows: 1 },
    ]);
    const amount = transactions?.columns.find((column) => column.role === 'amount');
    // 10, 5.5, 20.25, 12, -4.99: mean 42.76 / 5, median 10.
    expect(amount).toMatchObject({
      missing: 0,
      missingShare: 0,
      distinct: 5,
      summary: { min: -4.99, max: 20.25, median: 10 },
    });
    expect(amount?.summary?.mean).toBeCloseTo(42.76 / 5, 12);
    expect(amount?.distribution.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    const customer = transactions?.columns.find((column) => column.role === 'customer');
    expect(customer?.distribution).toEqual([
      { label: 'A1', count: 3 },
      { label: 'A3', count: 1 },
      { label: 'A5', count: 1 },
    ]);
    const subscriptions = report.datasets.find((dataset) => dataset.kind === 'subscriptions');
    // End dates: 5 of 11 subscriptions are open (A1, A3 pro, A6 pro and add-on, A8).
    expect(subscriptions?.columns.find((column) => column.role === 'end')).toMatchObject({
      missing: 5,
      summary: { min: '2023-06-01', max: '2024-06-15' },
    });
    const feedback = report.datasets.find((dataset) => dataset.kind === 'feedback');
    expect(feedback?.columns.find((column) => column.role === 'score')).toMatchObject({
      missing: 1,
      distinct: 6,
    });
    const customers = report.datasets.find((dataset) => dataset.kind === 'customers');
    expect(customers?.columns.find((column) => column.name === 'region')?.distribution).toEqual([
      { label: 'north', count: 3 },
      { label: 'east', count: 2 },
      { label: 'south', count: 2 },
      { label: 'west', count: 1 },
    ]);
  });

  it('warns about what matters for churn', () => {
    expect(warning(report, 'few_churn_events')).toMatchObject({ severity: 'problem' });
    expect(warning(report, 'activity_after_churn')).toMatchObject({
      severity: 'warning',
      examples: ['A2 (churned 2024-03-31, active 2024-04-15)', 'A5 (churned 2024-05-01, active 2024-06-10)'],
    });
    expect(warning(report, 'activity_after_churn')?.message).toMatch(/^2 churned customers have activity/);
    expect(warning(report, 'customers_left_out')).toMatchObject({ severity: 'info', examples: ['A7', 'B1'] });
    expect(warning(report, 'months_without_rows', 'transactions')).toMatchObject({
      examples: ['2024-02', '2024-03'],
    });
    expect(warning(report, 'ids_missing_from_customers', 'subscriptions')?.examples).toEqual(['B2']);
    expect(warning(report, 'ids_missing_from_customers', 'events')?.examples).toEqual(['B1']);
    expect(warning(report, 'ids_missing_from_customers', 'transactions')).toBeUndefined();
    expect(warning(report, 'dates_after_as_of', 'transactions')).toBeUndefined();
    // Problems first, then warnings, then information.
    const order = report.warnings.map((w) => w.severity);
    expect(order).toEqual(
      [...order].sort(
        (a, b) => ['problem', 'warning', 'info'].indexOf(a) - ['problem', 'warning', 'info'].indexOf(b),
      ),
    );
  });

  it('rows dated after an as-of date set by the user', () => {
    const db = connections.get(project);
    writeChurnSetting(db, { definition: null, asOf: '2024-04-30' });
    const later = qualityReportTask({ project }, ctx);
    // A5's refund of 2024-05-20 and A3's order of 2024-06-30.
    expect(warning(later, 'dates_after_as_of', 'transactions')).toMatchObject({
      severity: 'info',
      examples: ['2024-06-30', '2024-05-20'],
    });
    expect(warning(later, 'dates_after_as_of', 'transactions')?.message).toContain(
      'Transactions: 2 rows have a date after the as-of date (2024-04-30)',
    );
    writeChurnSetting(db, { definition: null, asOf: null });
  });
});

describe('quality report on the CDNOW log', () => {
  it('18 full months, no gaps, plenty of churn events', () => {
    const project = join(dir, 'cdnow.tenure');
    const db = openProjectFile(project, { create: true });
    writeCdnowTransactions(db);
    db.close();
    const report = qualityReportTask({ project }, ctx);
    const [transactions] = report.datasets;
    expect(transactions).toMatchObject({
      kind: 'transactions',
      rows: 69_659,
      customers: 23_570,
      dateRange: { from: '1997-01-01', to: '1998-06-30' },
    });
    expect(transactions?.rowsByMonth).toHaveLength(18);
    expect(transactions?.rowsByMonth.every((month) => month.rows > 0)).toBe(true);
    const amount = transactions?.columns.find((column) => column.role === 'amount');
    expect(amount?.summary).toMatchObject({ min: 0, max: 1286.01 });
    expect(amount?.distribution.reduce((sum, bin) => sum + bin.count, 0)).toBe(69_659);
    expect(report.warnings).toEqual([]);
  });
});
