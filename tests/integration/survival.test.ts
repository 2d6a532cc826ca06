import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import { importTelco, realClient, root, testEnvironment } from './real-services';

/**
 * survival.km and survival.cox through the real services (dispatch validates requests and responses
 * against the contract; the fits run in the queries worker), on the telco sample imported with its
 * tenure column in months, against R's survfit / survdiff / coxph output in tests/golden/.
 */
interface GoldenCurve {
  time: number[];
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  surv: number[];
  std_err: Array<number | null>;
  lower: Array<number | null>;
  upper: Array<number | null>;
}
interface GoldenGroup {
  key: string;
  n: number;
  events: number;
  curves: Record<'log' | 'log-log' | 'plain', GoldenCurve>;
  median: Record<
    'log' | 'log-log' | 'plain',
    { value: number | null; lower: number | null; upper: number | null }
  >;
  survival_at: { time: number[]; surv: number[] };
  rmean: Array<{ tau: number; rmean: number; se: number }>;
}
const kmGolden = JSON.parse(readFileSync(join(root, 'tests/golden/survival-km/telco.json'), 'utf8')) as {
  groups: GoldenGroup[];
  survdiff: { chisq: number; df: number; p: number };
};
const coxGolden = JSON.parse(
  readFileSync(join(root, 'tests/golden/survival-cox/telco-cox.json'), 'utf8'),
) as Record<
  'efron' | 'breslow',
  {
    terms: string[];
    coef: number[];
    se: number[];
    hazardRatio: number[];
    lower: number[];
    upper: number[];
    z: number[];
    p: number[];
    logLik: number;
    concordance: number;
    n: number;
    events: number;
  }
>;

let dir: string;
let services: Services;
let client: Client;
let project: string;
let attributeKey: (name: string) => string;

beforeAll(async () => {
  const test = testEnvironment('cli');
  dir = test.dir;
  ({ services, client } = realClient(test.environment));
  project = join(dir, 'telco.tenure');
  await importTelco(client, project);
  const { columns } = await client.customers.columns({ project });
  attributeKey = (name) => {
    const column = columns.find((candidate) => candidate.name === name);
    if (!column) throw new Error(`no column ${name}`);
    return column.key;
  };
}, 60_000);
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const close = (actual: number | null | undefined, expected: number | null, tolerance = 1e-6) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
};

describe('survival.km on telco (R survfit / survdiff)', () => {
  it('all customers: every point, survival at times, RMST; months come back as exact integers', async () => {
    const golden = kmGolden.groups.find((group) => group.key === 'all')!;
    const result = await client.survival.km({ project, times: golden.survival_at.time, tau: 24 });
    expect(result.unit).toBe('months');
    expect(result.excluded).toEqual({ customers: 0, unknownChurn: 0, unknownTenure: 0 });
    expect(result.definition).toMatch(/Churn/);
    expect(result.logRank).toBeNull();
    const [all] = result.groups;
    expect(all).toMatchObject({ key: 'All customers', n: 7043, events: 1869 });
    const curve = golden.curves.log;
    expect(all!.points.map((point) => point.time)).toEqual(curve.time); // exact: 0, 1, …, 72
    all!.points.forEach((point, i) => {
      expect(point.atRisk).toBe(curve.n_risk[i]);
      expect(point.events).toBe(curve.n_event[i]);
      expect(point.censored).toBe(curve.n_censor[i]);
      close(point.survival, curve.surv[i]!);
      close(point.stdErr, curve.std_err[i]!);
      close(point.lower, curve.lower[i]!);
      close(point.upper, curve.upper[i]!);
    });
    all!.survivalAt.forEach((at, i) => close(at.survival, golden.survival_at.surv[i]!, 1e-12));
    const rmean24 = golden.rmean.find((entry) => entry.tau === 24)!;
    close(all!.rmst!.value, rmean24.rmean, 1e-8);
    close(all!.rmst!.stdErr, rmean24.se, 1e-8);
    expect(all!.median).toEqual({ value: null, lower: null, upper: null });
    // JSON keeps what zod let through (nulls, no Infinity).
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('by Contract with log-log intervals: curves, medians and the log-rank test', async () => {
    const result = await client.survival.km({ project, groupBy: attributeKey('Contract'), conf: 'log-log' });
    expect(result.groupBy).toMatchObject({ name: 'Contract' });
    expect(result.groups.map((group) => group.key).sort()).toEqual([
      'Month-to-month',
      'One year',
      'Two year',
    ]);
    for (const group of result.groups) {
      const golden = kmGolden.groups.find((candidate) => candidate.key === group.key)!;
      expect(group).toMatchObject({ n: golden.n, events: golden.events });
      const curve = golden.curves['log-log'];
      expect(group.points.map((point) => point.time)).toEqual(curve.time);
      group.points.forEach((point, i) => {
        close(point.survival, curve.surv[i]!);
        close(point.stdErr, curve.std_err[i]!);
        close(point.lower, curve.lower[i]!);
        close(point.upper, curve.upper[i]!);
      });
      expect(group.median).toEqual(golden.median['log-log']);
      // Default times 3, 6, 12, 24 months: R's summary(fit, times).
      expect(group.survivalAt.map((at) => at.time)).toEqual([3, 6, 12, 24]);
      for (const at of group.survivalAt)
        close(at.survival, golden.survival_at.surv[golden.survival_at.time.indexOf(at.time)]!, 1e-12);
    }
    close(result.logRank!.chisq, kmGolden.survdiff.chisq);
    expect(result.logRank!.df).toBe(kmGolden.survdiff.df);
    close(result.logRank!.p, kmGolden.survdiff.p);
  });

  it('in days: the same curve, times × 365.25/12', async () => {
    const result = await client.survival.km({ project, unit: 'days' });
    const golden = kmGolden.groups.find((group) => group.key === 'all')!.curves.log;
    const points = result.groups[0]!.points;
    expect(points).toHaveLength(golden.time.length);
    close(points[12]!.time, golden.time[12]! * (365.25 / 12), 1e-9);
    close(points[12]!.survival, golden.surv[12]!);
  });
});

describe('survival.cox on telco (R coxph)', () => {
  for (const ties of ['efron', 'breslow'] as const) {
    it(`Contract + MonthlyCharges + SeniorCitizen + InternetService, ${ties} ties`, async () => {
      const golden = coxGolden[ties];
      const result = await client.survival.cox({
        project,
        covariates: ['Contract', 'MonthlyCharges', 'SeniorCitizen', 'InternetService'].map((name) =>
          attributeKey(name),
        ),
        ties,
      });
      expect(result).toMatchObject({ n: golden.n, events: golden.events, dropped: 0, converged: true });
      expect(result.references).toEqual({ Contract: 'Month-to-month', InternetService: 'DSL' });
      expect(result.coefficients.map((row) => row.term)).toEqual(golden.terms);
      result.coefficients.forEach((row, i) => {
        for (const field of ['coef', 'se', 'hazardRatio', 'lower', 'upper', 'z', 'p'] as const) {
          const expected = golden[field][i]!;
          expect(Math.abs((row[field] as number) - expected)).toBeLessThanOrEqual(1e-5 * Math.abs(expected));
        }
      });
      close(result.logLik, golden.logLik);
      close(result.concordance, golden.concordance);
    });
  }

  it('a reference level of the user’s choice, and unknown covariates refused', async () => {
    const result = await client.survival.cox({
      project,
      covariates: [attributeKey('Contract')],
      references: { [attributeKey('Contract')]: 'Two year' },
    });
    expect(result.coefficients.map((row) => row.term)).toEqual([
      'ContractMonth-to-month',
      'ContractOne year',
    ]);
    await expect(client.survival.cox({ project, covariates: ['nope'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // The customer id as a category: 7,043 levels, refused rather than fitted.
    await expect(client.survival.cox({ project, covariates: ['id'] })).rejects.toMatchObject({
      code: 'NOT_AVAILABLE',
    });
  });
});
