import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskContext } from '../../jobs/task-context';
import type { StoredColumn } from '../../store/customers';
import { handMadeProject } from '../../../tests/support/hand-made-project';
import { driversTask } from './drivers';

// Eight hand-made customers; the expected figures below are worked out by hand from this table.
//  id  churned plan    charges email     region
const people: [string, boolean, string | null, number | null, string, string][] = [
  ['c1', true, 'basic', 20.5, 'a@x', 'north'],
  ['c2', false, 'basic', 25, 'b@x', 'north'],
  ['c3', true, 'pro', 80, 'c@x', 'north'],
  ['c4', false, 'pro', 90, 'd@x', 'north'],
  ['c5', false, 'basic', null, 'e@x', 'north'],
  ['c6', true, null, 45, 'f@x', 'north'],
  ['c7', false, 'team', 100, 'g@x', 'north'],
  ['c8', false, 'pro', 60, 'h@x', 'north'],
];

const columns: StoredColumn[] = [
  { position: 0, key: 'id', name: 'customer', type: 'text', role: 'id' },
  { position: 1, key: 'churned', name: 'left', type: 'boolean', role: 'churned' },
  { position: 2, key: 'a1', name: 'plan', type: 'category', role: 'attribute' },
  { position: 3, key: 'a2', name: 'charges', type: 'decimal', role: 'attribute' },
  { position: 4, key: 'a3', name: 'email', type: 'text', role: 'attribute' },
  { position: 5, key: 'a4', name: 'region', type: 'category', role: 'attribute' },
];

let project: string;
let ctx: TaskContext;
let dispose: () => void;

beforeAll(() => {
  ({ project, ctx, dispose } = handMadeProject(
    'drivers',
    columns,
    people.map(([id, churned, plan, charges, email, region]) => ({
      id,
      churned,
      attributes: [plan, charges, email, region],
    })),
  ));
});

afterAll(() => dispose());

describe('drivers.list task', () => {
  it('ranks plan and charges, leaves out the flag, the id, a constant and an id-like column', () => {
    const result = driversTask({ project, maxGroups: 3 }, ctx);
    expect(result).toMatchObject({ customers: 8, churned: 3, baseRate: 3 / 8 });
    expect(result.drivers.map((driver) => driver.name).sort()).toEqual(['charges', 'plan']);
    expect(result.skipped).toEqual([
      { key: 'a3', name: 'email', reason: 'id-like: 8 distinct values for 8 customers' },
      { key: 'a4', name: 'region', reason: 'a single value for every customer' },
    ]);
    const plan = result.drivers.find((driver) => driver.name === 'plan')!;
    // c6 has no plan: 7 customers, 2 churned. Groups by size, then label.
    expect(plan).toMatchObject({ kind: 'categorical', customers: 7, churned: 2, missing: 1 });
    expect(plan.groups.map((group) => [group.label, group.customers, group.churned])).toEqual([
      ['basic', 3, 1],
      ['pro', 3, 1],
      ['team', 1, 0],
    ]);
    // By hand: X² = 1/42 + 1/105 (basic) + the same (pro) + 2/7 + 4/35 (team) = 49/105 = 7/15, 2 df.
    expect(plan.test).toMatchObject({ method: 'chi-square', df: 2 });
    expect(plan.test!.statistic).toBeCloseTo(7 / 15, 12);
    expect(plan.groups[0]!.lift).toBeCloseTo(1 / 3 / (2 / 7), 12);
    const charges = result.drivers.find((driver) => driver.name === 'charges')!;
    // c5 has no charges: left out of the test and the bins.
    expect(charges).toMatchObject({ kind: 'numeric', customers: 7, churned: 3, missing: 1 });
    expect(charges.test?.method).toBe('mann-whitney');
    // W = retained-above-churned pairs: retained 25, 90, 100, 60 vs churned 20.5, 80, 45 → 1+3+3+2 = 9.
    expect(charges.test?.statistic).toBe(9);
    expect(charges.binnedChiSquare?.method).toBe('chi-square');
    expect(result.drivers.map((driver) => driver.rank)).toEqual([1, 2]);
  });
});
