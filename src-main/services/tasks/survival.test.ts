import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskContext } from '../../jobs/task-context';
import type { StoredColumn } from '../../store/customers';
import { handMadeProject } from '../../../tests/support/hand-made-project';
import { coxModelTask, survivalCurvesTask } from './survival';

// Ten hand-made customers; every expected number below is worked out by hand from this table. The last
// two cannot enter a survival analysis: c9's churn is unknown, c10's tenure is.
//  id  churned tenure(months) plan charges
const people: [string, boolean | null, number | null, string | null, number | null][] = [
  ['c1', true, 1, 'basic', 20.5],
  ['c2', false, 30, 'basic', 25],
  ['c3', true, 2, 'pro', 80],
  ['c4', false, 50, 'pro', 90],
  ['c5', false, 12, 'basic', null],
  ['c6', true, 5, null, 45],
  ['c7', false, 70, 'team', 100],
  ['c8', false, 24, 'pro', 60],
  ['c9', null, 10, 'pro', 60],
  ['c10', true, null, 'pro', 60],
];

const columns: StoredColumn[] = [
  { position: 0, key: 'id', name: 'customer', type: 'text', role: 'id' },
  { position: 1, key: 'churned', name: 'left', type: 'boolean', role: 'churned' },
  { position: 2, key: 'tenure', name: 'months', type: 'integer', role: 'tenure', unit: 'months' },
  { position: 3, key: 'a1', name: 'plan', type: 'category', role: 'attribute' },
  { position: 4, key: 'a2', name: 'charges', type: 'decimal', role: 'attribute' },
  { position: 5, key: 'a3', name: 'signed', type: 'date', role: 'attribute' },
];
/** Signing dates of c1, c2 and c3; the others have none. */
const signed: Record<string, string> = { c1: '2024-01-05', c2: '2024-01-20', c3: '2024-02-03' };

let project: string;
let ctx: TaskContext;
let dispose: () => void;

beforeAll(() => {
  ({ project, ctx, dispose } = handMadeProject(
    'survival',
    columns,
    people.map(([id, churned, tenure, plan, charges]) => ({
      id,
      churned,
      tenure,
      attributes: [plan, charges, signed[id] ?? null],
    })),
  ));
});

afterAll(() => dispose());

describe('survival.km', () => {
  const request = { project: '', conf: 'log' as const, unit: 'months' as const, maxGroups: 12 };

  it('one curve of the eight customers with churn and tenure known; the other two counted', () => {
    const result = survivalCurvesTask({ ...request, project }, ctx);
    expect(result.excluded).toEqual({ customers: 2, unknownChurn: 1, unknownTenure: 1 });
    expect(result.logRank).toBeNull();
    const [all] = result.groups;
    expect(all).toMatchObject({ key: 'All customers', n: 8, events: 3 });
    // Months stored as days (× 365.25/12) come back as the exact integers.
    expect(all!.points.map((point) => point.time)).toEqual([1, 2, 5, 12, 24, 30, 50, 70]);
    // S(1) = 7/8, S(2) = 7/8 · 6/7, S(5) = 6/8 · 5/6; Greenwood at 1: sqrt(1 / (8 · 7)).
    expect(all!.points.slice(0, 3).map((point) => point.survival)).toEqual([7 / 8, 6 / 8, 5 / 8]);
    expect(all!.points[0]!.stdErr).toBeCloseTo(Math.sqrt(1 / 56), 14);
    expect(all!.points[0]).toMatchObject({ atRisk: 8, events: 1, censored: 0 });
    expect(all!.survivalAt.map((at) => [at.time, at.survival])).toEqual([
      [3, 0.75],
      [6, 0.625],
      [12, 0.625],
      [24, 0.625],
    ]);
    // Never down to one half: no median.
    expect(all!.median.value).toBeNull();
    // Area under the curve up to 70: 1·1 + 7/8·1 + 6/8·3 + 5/8·65.
    expect(all!.rmst!.value).toBeCloseTo(1 + 7 / 8 + (6 / 8) * 3 + (5 / 8) * 65, 12);
  });

  it('in days, times are the months × 365.25/12', () => {
    const result = survivalCurvesTask({ ...request, project, unit: 'days' }, ctx);
    expect(result.groups[0]!.points[0]!.time).toBeCloseTo(365.25 / 12, 9);
  });

  it('by plan: largest groups first, "(missing)" last and left out of the log-rank test', () => {
    const result = survivalCurvesTask({ ...request, project, groupBy: 'a1' }, ctx);
    expect(result.groups.map((group) => [group.key, group.n, group.events])).toEqual([
      ['basic', 3, 1],
      ['pro', 3, 1],
      ['team', 1, 0],
      ['(missing)', 1, 1],
    ]);
    expect(result.groupBy).toEqual({ key: 'a1', name: 'plan', grouping: 'one curve per value' });
    // team has no event but is at risk at times 1 and 2: it has expected events, so 2 df.
    expect(result.logRank?.df).toBe(2);
  });

  it('by a date: one curve per month', () => {
    const result = survivalCurvesTask({ ...request, project, groupBy: 'a3' }, ctx);
    expect(result.groupBy?.grouping).toBe('by month');
    expect(result.groups.map((group) => [group.key, group.n, group.events])).toEqual([
      ['2024-01', 2, 1],
      ['2024-02', 1, 1],
      ['(missing)', 5, 1],
    ]);
  });

  it('pools categories beyond maxGroups and refuses an unknown column', () => {
    const pooled = survivalCurvesTask({ ...request, project, groupBy: 'a1', maxGroups: 2 }, ctx);
    expect(pooled.groups.map((group) => group.key)).toEqual(['basic', 'Other (2 values)', '(missing)']);
    expect(() => survivalCurvesTask({ ...request, project, groupBy: 'nope' }, ctx)).toThrow(/nope/);
  });
});

describe('survival.cox', () => {
  it('drops customers without a covariate and says so', () => {
    const model = coxModelTask({ project, covariates: ['a2'], ties: 'efron', unit: 'months' }, ctx);
    // c9, c10 (churn or tenure unknown) and c5 (no charges).
    expect(model).toMatchObject({ n: 7, dropped: 3, converged: true });
    expect(model.events).toBe(3);
    expect(model.coefficients.map((row) => row.term)).toEqual(['charges']);
    expect(model.warnings.some((warning) => warning.includes('charges'))).toBe(true);
  });

  it('a category with a chosen reference level', () => {
    const model = coxModelTask(
      { project, covariates: ['a1'], references: { a1: 'pro' }, ties: 'breslow', unit: 'months' },
      ctx,
    );
    expect(model.references).toEqual({ plan: 'pro' });
    expect(model.coefficients.map((row) => row.term)).toEqual(['planbasic', 'planteam']);
  });
});
