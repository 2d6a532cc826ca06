import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '@shared/contract/channel';
import { ProjectConnections } from '../../jobs/project-connections';
import { createTaskContext, type TaskContext } from '../../jobs/task-context';
import { readChurnSetting } from '../../store/customer-view';
import { openProjectFile } from '../../store/database';
import { errorOf } from '../../../tests/support/app-errors';
import { writeFixtureDatasets } from '../../../tests/golden/customer-view/datasets-sql';
import { churnDefinitionTask, setChurnDefinitionTask } from './churn';
import { customerColumnsTask, customerPageTask } from './customers';
import { churnByTask, overviewTask } from './overview';

// The hand-made fixture of tests/golden/customer-view/fixture (its README tells each customer's story):
// ten customers, subscriptions of eight, five transaction rows, as-of 2024-06-30.

let dir: string;
let project: string;
let connections: ProjectConnections;
let ctx: TaskContext;
const progress: JobProgress[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-churn-'));
  project = join(dir, 'fixture.tenure');
  const db = openProjectFile(project, { create: true });
  writeFixtureDatasets(db);
  db.close();
  connections = new ProjectConnections();
  ctx = createTaskContext({
    isCancelled: () => false,
    emit: (event) => progress.push(event),
    projects: connections,
    minIntervalMs: 0,
  });
});

afterAll(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const setting = (
  definition: Parameters<typeof setChurnDefinitionTask>[0]['setting']['definition'],
  asOf: string | null = null,
) => ({
  project,
  setting: { definition, asOf },
});

describe('churn.definition', () => {
  it('builds the view on first read and says what the data allows', () => {
    const state = churnDefinitionTask({ project }, ctx);
    expect(state.setting).toEqual({ definition: null, asOf: null });
    expect(state.applied).toMatchObject({
      definition: { kind: 'contractual', graceDays: 30 },
      asOf: '2024-06-30',
    });
    expect(state.options.map((option) => [option.kind, option.available])).toEqual([
      ['flag', false],
      ['contractual', true],
      ['non-contractual', true],
    ]);
    // Only A1 ordered on two days: one gap, too few to choose a window from.
    expect(state.options[2]?.note).toContain('choose the number of days yourself: only 1 repeat purchase');
    expect(state.interPurchase).toMatchObject({
      gaps: 1,
      customersWithRepeatOrders: 1,
      median: 83, // 2024-01-10 → 2024-04-02
      histogram: [{ from: 83, to: 84, count: 1 }],
    });
    expect(state).toMatchObject({ customers: 10, churned: 3 });
  });
});

describe('churn.setDefinition', () => {
  it('applies a fixed inactivity window and says so in every analysis', () => {
    progress.length = 0;
    const state = setChurnDefinitionTask(setting({ kind: 'non-contractual', inactivityDays: 60 }), ctx);
    expect(state.applied).toMatchObject({
      inactivityDays: 60,
      summary: 'Churned = no order for more than 60 days before 2024-06-30.',
    });
    expect(state.applied?.explanation).toContain('The 60 days were set for this project.');
    // Last orders: A1 2024-04-02 (89 days: churned), A5 2024-05-20 (41), A3 2024-06-30 (0); 7 never ordered.
    expect(state.churned).toBe(1);
    expect(progress.map((event) => event.done)).toEqual([0, 1, 2, 3, 4]);
    expect(progress.every((event) => event.unit === 'steps' && event.total === 4)).toBe(true);
    const overview = overviewTask({ project }, ctx);
    expect(overview).toMatchObject({ churned: 1, churnBasis: state.applied?.summary, asOf: '2024-06-30' });
    expect(overview.churnShare).toBeCloseTo(1 / 3, 12);
  });

  it('refuses what the data cannot support, and leaves the project as it was', () => {
    const before = readChurnSetting(connections.get(project));
    const flag = errorOf(() => setChurnDefinitionTask(setting({ kind: 'flag' }), ctx));
    expect(flag.code).toBe('NOT_AVAILABLE');
    expect(flag.message).toContain('needs a customer table with a churned column');
    const automatic = errorOf(() =>
      setChurnDefinitionTask(setting({ kind: 'non-contractual', inactivityDays: null }), ctx),
    );
    expect(automatic.code).toBe('NOT_AVAILABLE');
    expect(automatic.message).toContain('cannot be chosen from the data: only 1 repeat purchase');
    expect(errorOf(() => setChurnDefinitionTask(setting(null, '2024-02-30'), ctx)).code).toBe(
      'INVALID_REQUEST',
    );
    expect(readChurnSetting(connections.get(project))).toEqual(before);
    expect(churnDefinitionTask({ project }, ctx).churned).toBe(1);
  });

  it('a cancel rolls the change back', () => {
    let calls = 0;
    const cancelling = createTaskContext({
      isCancelled: () => ++calls > 2,
      emit: () => undefined,
      projects: connections,
    });
    const error = errorOf(() =>
      setChurnDefinitionTask(setting({ kind: 'contractual', graceDays: 0 }), cancelling),
    );
    expect(error.code).toBe('CANCELLED');
    expect(readChurnSetting(connections.get(project)).definition).toEqual({
      kind: 'non-contractual',
      inactivityDays: 60,
    });
    expect(churnDefinitionTask({ project }, ctx).churned).toBe(1);
  });

  it('an as-of date set by the user', () => {
    const state = setChurnDefinitionTask(setting({ kind: 'contractual', graceDays: 30 }, '2024-04-30'), ctx);
    expect(state.applied).toMatchObject({ asOf: '2024-04-30', asOfSource: 'user' });
    expect(state.churned).toBe(1); // only A2 (see fixture-expected.json)
    setChurnDefinitionTask(setting(null), ctx);
  });
});

describe('overview, breakdowns and pages read the customer view', () => {
  it('overview: every id in any dataset, churn under the definition, tenure from the dates', () => {
    const overview = overviewTask({ project }, ctx);
    expect(overview).toMatchObject({ customers: 10, churned: 3, asOf: '2024-06-30' });
    expect(overview.churnShare).toBeCloseTo(3 / 8, 12);
    expect(overview.definition?.definition).toEqual({ kind: 'contractual', graceDays: 30 });
    // Tenures in days (fixture-expected.json): 10 150 151 273 365 424 426 487 532 700 → (365 + 424) / 2.
    expect(overview.tenure).toMatchObject({ unit: 'months', customers: 10 });
    expect(overview.tenure?.median).toBeCloseTo(394.5 / (365.25 / 12), 12);
    expect(overview.attributes.map((attribute) => attribute.key)).toEqual([
      'a1',
      'start',
      'first_activity',
      'tenure_days',
      'current_mrr',
      'total_revenue',
      'orders',
      'days_since_last_order',
      'tickets_90d',
      'complaints_90d',
      'latest_nps',
    ]);
  });

  it('churn by a customer attribute: ids outside the customer table are "missing"', () => {
    const byRegion = churnByTask({ project, key: 'a1', maxGroups: 12 }, ctx);
    expect(byRegion.definition?.definition.kind).toBe('contractual');
    // Known churn: A1 n, A2 s churned, A3 n, A4 e, A5 s churned, A6 w, A8 n, B2 (no region) churned.
    expect(byRegion.groups.map((group) => [group.label, group.customers, group.churned])).toEqual([
      ['north', 3, 0],
      ['south', 2, 2],
      ['east', 1, 0],
      ['west', 1, 0],
      ['(missing)', 1, 1],
    ]);
  });

  it('churn by a derived number', () => {
    const byTickets = churnByTask({ project, key: 'tickets_90d', maxGroups: 12 }, ctx);
    expect(byTickets.groups.map((group) => [group.label, group.customers, group.churned])).toEqual([
      ['0', 5, 1],
      ['1', 2, 2],
      ['2', 1, 0],
    ]);
  });

  it('customer pages: derived columns with their descriptions, sorted and filtered in SQLite', () => {
    const { columns } = customerColumnsTask({ project }, ctx);
    expect(columns.slice(0, 3).map((column) => [column.key, column.role])).toEqual([
      ['id', 'id'],
      ['a1', 'attribute'],
      ['start', 'start'],
    ]);
    expect(columns.find((column) => column.key === 'is_churned')).toMatchObject({
      role: 'derived',
      type: 'boolean',
      description: 'Churned = every subscription ended and none renewed within 30 days, as of 2024-06-30.',
    });
    expect(columns.find((column) => column.key === 'tickets_90d')?.description).toContain(
      '(2024-04-02 to 2024-06-30) whose type contains "ticket"',
    );
    const page = (query: Partial<Parameters<typeof customerPageTask>[0]>) =>
      customerPageTask({ project, offset: 0, limit: 100, filters: [], ...query }, ctx);
    const all = page({});
    expect(all.total).toBe(10);
    expect(all.rows.map((row) => row.id)).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'A5',
      'A6',
      'A7',
      'A8',
      'B1',
      'B2',
    ]);
    expect(all.rows[0]).toMatchObject({
      id: 'A1',
      a1: 'north',
      is_churned: false,
      current_mrr: 50,
      orders: 2,
    });
    expect(all.rows[8]).toMatchObject({ id: 'B1', a1: null, is_churned: null, latest_nps: 8 });
    expect(
      page({ filters: [{ key: 'is_churned', op: 'eq', value: true }] }).rows.map((row) => row.id),
    ).toEqual(['A2', 'A5', 'B2']);
    expect(
      page({ sort: { key: 'current_mrr', direction: 'desc' }, limit: 3 }).rows.map((row) => row.id),
    ).toEqual(['A3', 'A6', 'A1']);
    expect(
      page({ filters: [{ key: 'churn_date', op: 'gte', value: '2024-05-01' }] }).rows.map((row) => row.id),
    ).toEqual(['A5', 'B2']);
    expect(page({ search: 'b' }).total).toBe(2);
  });
});
