import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskContext } from '../../jobs/task-context';
import type { StoredColumn } from '../../store/customers';
import { handMadeProject } from '../../../tests/support/hand-made-project';
import { customerPageTask } from './customers';
import { churnByTask, overviewTask } from './overview';

// Eight hand-made customers; every expected number below is counted by hand from this table.
//  id  churned tenure plan    charges start
const people: [string, boolean, number | null, string | null, number | null][] = [
  ['c1', true, 1, 'basic', 20.5],
  ['c2', false, 30, 'basic', 25],
  ['c3', true, 2, 'pro', 80],
  ['c4', false, 50, 'pro', 90],
  ['c5', false, 12, 'basic', null],
  ['c6', true, 5, null, 45],
  ['c7', false, 70, 'team', 100],
  ['c8', false, 24, 'pro', 60],
];

const columns: StoredColumn[] = [
  { position: 0, key: 'id', name: 'customer', type: 'text', role: 'id' },
  { position: 1, key: 'churned', name: 'left', type: 'boolean', role: 'churned' },
  { position: 2, key: 'tenure', name: 'months', type: 'integer', role: 'tenure', unit: 'months' },
  { position: 3, key: 'a1', name: 'plan', type: 'category', role: 'attribute' },
  { position: 4, key: 'a2', name: 'charges', type: 'decimal', role: 'attribute' },
];

let project: string;
let ctx: TaskContext;
let dispose: () => void;

beforeAll(() => {
  ({ project, ctx, dispose } = handMadeProject(
    'overview',
    columns,
    people.map(([id, churned, tenure, plan, charges]) => ({
      id,
      churned,
      tenure,
      attributes: [plan, charges],
    })),
  ));
});

afterAll(() => dispose());

describe('overview', () => {
  it('counts customers and churn, and takes the median tenure as R does (mean of the middle two)', () => {
    const overview = overviewTask({ project }, ctx);
    expect(overview.customers).toBe(8);
    expect(overview.churned).toBe(3);
    expect(overview.churnShare).toBeCloseTo(3 / 8, 12);
    // The flag definition (the table has a churned column); no dates, so no as-of date.
    expect(overview.churnBasis).toBe(`Churned = the customer table's column "left" says so.`);
    expect(overview.definition).toMatchObject({
      definition: { kind: 'flag' },
      asOf: null,
      asOfSource: 'none',
    });
    expect(overview.asOf).toBeNull();
    // sorted tenures 1 2 5 12 24 30 50 70 → (12 + 24) / 2
    expect(overview.tenure).toMatchObject({ median: 18, unit: 'months', customers: 8 });
    expect(overview.attributes.map((a) => a.name)).toEqual(['months', 'plan', 'charges']);
  });

  it('breaks churn down by a category, missing values apart', () => {
    const byPlan = churnByTask({ project, key: 'a1', maxGroups: 12 }, ctx);
    expect(byPlan.baseRate).toBeCloseTo(3 / 8, 12);
    expect(byPlan.groups).toEqual([
      { label: 'basic', customers: 3, churned: 1, share: 1 / 3 },
      { label: 'pro', customers: 3, churned: 1, share: 1 / 3 },
      { label: 'team', customers: 1, churned: 0, share: 0 },
      { label: '(missing)', customers: 1, churned: 1, share: 1 },
    ]);
  });

  it('pools small categories into Other when there are too many', () => {
    const pooled = churnByTask({ project, key: 'a1', maxGroups: 2 }, ctx);
    expect(pooled.groups.map((g) => [g.label, g.customers, g.churned])).toEqual([
      ['basic', 3, 1],
      ['Other (2 values)', 4, 1],
      ['(missing)', 1, 1],
    ]);
  });

  it('bins numbers with nice edges', () => {
    const byTenure = churnByTask({ project, key: 'tenure', maxGroups: 4 }, ctx);
    // 1..70 in at most 4 bins → step 20: 0–19 {1,2,5,12}, 20–39 {24,30}, 40–59 {50}, 60–79 {70}
    expect(byTenure.grouping).toBe('bins of 20 months');
    expect(byTenure.groups.map((g) => [g.label, g.customers, g.churned])).toEqual([
      ['0 – 19', 4, 3],
      ['20 – 39', 2, 0],
      ['40 – 59', 1, 0],
      ['60 – 79', 1, 0],
    ]);
    const byCharges = churnByTask({ project, key: 'a2', maxGroups: 4 }, ctx);
    // 20.5..100 in at most 4 bins → step 20 from 20: [20,40) {20.5,25}, [40,60) {45}, [60,80) {60},
    // and the closed last bin [80,100] {80,90,100}
    expect(byCharges.grouping).toBe('bins of 20');
    expect(byCharges.groups.map((g) => [g.label, g.customers, g.churned])).toEqual([
      ['20 – < 40', 2, 1],
      ['40 – < 60', 1, 1],
      ['60 – < 80', 1, 0],
      ['80 – 100', 3, 1],
      ['(missing)', 1, 0],
    ]);
  });
});

describe('customer pages', () => {
  const page = (query: Partial<Parameters<typeof customerPageTask>[0]>) =>
    customerPageTask({ project, offset: 0, limit: 100, filters: [], ...query }, ctx);

  it('returns rows in file order, with booleans as booleans', () => {
    const result = page({ limit: 2 });
    expect(result.total).toBe(8);
    expect(result.rows).toEqual([
      { id: 'c1', churned: true, tenure: 1, a1: 'basic', a2: 20.5 },
      { id: 'c2', churned: false, tenure: 30, a1: 'basic', a2: 25 },
    ]);
  });

  it('sorts in the store with missing values last both ways', () => {
    expect(page({ sort: { key: 'a2', direction: 'desc' } }).rows.map((r) => r.id)).toEqual([
      'c7',
      'c4',
      'c3',
      'c8',
      'c6',
      'c2',
      'c1',
      'c5',
    ]);
    expect(page({ sort: { key: 'a2', direction: 'asc' } }).rows.map((r) => r.id)).toEqual([
      'c1',
      'c2',
      'c6',
      'c8',
      'c3',
      'c4',
      'c7',
      'c5',
    ]);
  });

  it('filters, searches and pages', () => {
    const pro = page({
      filters: [{ key: 'a1', op: 'eq', value: 'pro' }],
      sort: { key: 'tenure', direction: 'asc' },
    });
    expect(pro.total).toBe(3);
    expect(pro.rows.map((r) => r.id)).toEqual(['c3', 'c8', 'c4']);
    expect(page({ filters: [{ key: 'churned', op: 'eq', value: true }] }).rows.map((r) => r.id)).toEqual([
      'c1',
      'c3',
      'c6',
    ]);
    expect(page({ filters: [{ key: 'a2', op: 'gte', value: 80 }] }).total).toBe(3);
    expect(page({ filters: [{ key: 'a1', op: 'missing' }] }).rows.map((r) => r.id)).toEqual(['c6']);
    expect(page({ filters: [{ key: 'a1', op: 'contains', value: 'AS' }] }).total).toBe(3);
    expect(page({ search: 'c7' }).rows.map((r) => r.id)).toEqual(['c7']);
    const second = page({ offset: 6, limit: 5 });
    expect(second).toMatchObject({ total: 8, offset: 6 });
    expect(second.rows.map((r) => r.id)).toEqual(['c7', 'c8']);
  });

  it('rejects unknown column keys instead of building SQL from them', () => {
    expect(() => page({ sort: { key: 'customer_id; DROP TABLE customers', direction: 'asc' } })).toThrow(
      /no customer column/,
    );
  });
});
