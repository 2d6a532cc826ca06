import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import { importTelco, realClient, root, testEnvironment } from './real-services';
import { errorOf, failure } from '../support/app-errors';
import { ProjectConnections } from '../../src-main/jobs/project-connections';
import { createTaskContext } from '../../src-main/jobs/task-context';
import { scoreRiskModelTask } from '../../src-main/services/tasks/risk-score';
import { trainRiskModelTask } from '../../src-main/services/tasks/risk-train';

/**
 * risk.* through the real services (dispatch validates requests and responses against the contract;
 * training and scoring run on the jobs worker, the reads on the queries worker).
 *
 * Telco: the sample imported with its tenure column, every attribute plus the tenure as features, and
 * the folds of tests/golden/model/telco-folds.csv. Those folds hold the 7,032 customers with a
 * TotalCharges (sklearn.py and glm.R drop the 11 without); the other 11 have no fold and are left out
 * (and said so), so the rows and the design are the golden's: fold AUCs within 0.005 of scikit-learn's
 * unpenalised LogisticRegression (tests/golden/model/sklearn.json, the same bar as the engine golden).
 */
const sklearn = JSON.parse(readFileSync(join(root, 'tests/golden/model/sklearn.json'), 'utf8')) as {
  datasets: Array<{
    dataset: string;
    n: number;
    folds: Record<'none' | 'l2', Array<{ fold: number; n: number; auc: number }>>;
  }>;
  cL2: number;
};
const gbtGolden = JSON.parse(readFileSync(join(root, 'tests/golden/model/gbt.json'), 'utf8')) as {
  datasets: Array<{ dataset: string; folds: Array<{ fold: number; n: number; auc: number }> }>;
};
const telcoFolds = readFileSync(join(root, 'tests/golden/model/telco-folds.csv'), 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .filter((line) => line !== '')
  .map((line) => {
    const [customerId, fold] = line.split(',');
    return { customerId: customerId!, fold: Number(fold) };
  });

let dir: string;
let services: Services;
let client: Client;
let telco: string;
let hand: string;
const connections = new ProjectConnections();

beforeAll(async () => {
  const test = testEnvironment('cli');
  dir = test.dir;
  ({ services, client } = realClient(test.environment));
  telco = join(dir, 'telco.tenure');
  await importTelco(client, telco);

  // A tiny project counted by hand: plan A has 4 customers, 1 churned; plan B 4, 3 churned. The
  // unpenalised logistic model on plan alone predicts the shares: 0.25 and 0.75.
  hand = join(dir, 'hand.tenure');
  await client.project.create({ path: hand });
  const customers = join(dir, 'customers.csv');
  writeFileSync(
    customers,
    [
      'id,churned,plan',
      'a1,no,A',
      'a2,no,A',
      'a3,no,A',
      'a4,yes,A',
      'b1,no,B',
      'b2,yes,B',
      'b3,yes,B',
      'b4,yes,B',
    ].join('\n'),
  );
  await client.import.run({
    project: hand,
    path: customers,
    kind: 'customers',
    mapping: { id: 'id', churned: 'churned' },
  });
  const orders = join(dir, 'orders.csv');
  writeFileSync(
    orders,
    [
      'customer,date,amount',
      'a1,2024-01-05,60',
      'a1,2024-02-05,40',
      'a2,2024-01-10,50',
      'b1,2024-01-15,200',
      'b2,2024-01-20,30',
    ].join('\n'),
  );
  await client.import.run({
    project: hand,
    path: orders,
    kind: 'transactions',
    mapping: { customer: 'customer', date: 'date', amount: 'amount' },
  });
}, 120_000);

afterAll(async () => {
  connections.closeAll();
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('risk.features: the leakage guard', () => {
  it('telco: the flag is the target; the churn column and the id are excluded, tenure is a feature', async () => {
    const result = await client.risk.features({ project: telco });
    expect(result.target).toMatchObject({ kind: 'flag', rows: 7043, positives: 1869, cutoff: null });
    expect(result.target.description).toMatch(/snapshot/);
    const excluded = Object.fromEntries(result.excluded.map((entry) => [entry.name, entry.reason]));
    expect(excluded.Churn).toMatch(/target/);
    expect(excluded.customer_id).toMatch(/id/);
    const names = result.features.map((feature) => feature.name);
    expect(names).toContain('tenure');
    expect(names).toContain('Contract');
    expect(names).not.toContain('Churn');
    expect(names).toHaveLength(19);
  });

  it('with transactions: churn-derived columns of the view are excluded, each with its reason', async () => {
    const result = await client.risk.features({ project: hand });
    const excluded = result.excluded.map((entry) => entry.key);
    for (const key of ['last_activity', 'tenure_days', 'days_since_last_order', 'last_order'])
      expect(excluded).toContain(key);
    expect(result.features.map((feature) => feature.key)).not.toContain('days_since_last_order');
  });
});

describe('risk.train on telco with the golden folds', () => {
  it('fold AUCs within 0.005 of scikit-learn (unpenalised), saved, progress reported', async () => {
    const progress: unknown[] = [];
    const result = await client.risk.train(
      { project: telco, model: 'logistic', foldsFrom: telcoFolds, name: 'golden' },
      { onProgress: (step) => progress.push(step) },
    );
    const reference = sklearn.datasets.find((dataset) => dataset.dataset === 'telco')!;
    expect(result.target).toMatchObject({ rows: 7032, positives: 1869 });
    expect(result.target.leftOut).toEqual([{ reason: 'no fold in the given folds', customers: 11 }]);
    expect(result.foldsSource).toBe('given');
    let worst = 0;
    for (const { fold, n, auc } of reference.folds.none) {
      const ours = result.folds.find((entry) => entry.fold === fold)!;
      expect(ours.n).toBe(n);
      worst = Math.max(worst, Math.abs(ours.auc! - auc));
    }
    expect(worst).toBeLessThan(0.005);
    // Unpenalised: glm's table, per original unit, with odds ratios and p-values.
    const contract = result.coefficients!.find((row) => row.term === 'ContractTwo year')!;
    expect(contract.oddsRatio).toBeLessThan(1);
    expect(contract.p).toBeLessThan(0.001);
    expect(result.curves.gains).toHaveLength(10);
    expect(result.curves.roc.length).toBeLessThanOrEqual(200);
    expect(result.design.join('\n')).toMatch(/reference "Month-to-month"/);
    expect(progress.length).toBeGreaterThan(0);
    const { models } = await client.risk.models({ project: telco });
    expect(models.map((model) => [model.name, model.kind, model.current])).toEqual([
      ['golden', 'logistic', true],
    ]);
    expect(models[0]!.metrics.auc).toBeCloseTo(result.auc.mean!, 12);
    expect(
      (await failure(client.risk.train({ project: telco, model: 'logistic', name: 'golden' }))).code,
    ).toBe('ALREADY_EXISTS');
  }, 60_000);

  it('L2 (C = 0.1 as l2 = 1 / C) also within 0.005 of scikit-learn', async () => {
    const result = await client.risk.train({
      project: telco,
      model: 'logistic',
      foldsFrom: telcoFolds,
      penalty: { l2: 1 / sklearn.cL2 },
      name: 'golden l2',
    });
    const reference = sklearn.datasets.find((dataset) => dataset.dataset === 'telco')!;
    for (const { fold, auc } of reference.folds.l2)
      expect(Math.abs(result.folds.find((entry) => entry.fold === fold)!.auc! - auc)).toBeLessThan(0.005);
    expect(result.coefficients!.every((row) => row.se === null && row.p === null)).toBe(true);
    await client.risk.deleteModel({ project: telco, model: 'golden l2' });
  }, 60_000);

  it('a segment: trained on the month-to-month customers only (3,875 of them, 1,655 churned)', async () => {
    const { features } = await client.risk.features({ project: telco });
    const contract = features.find((feature) => feature.name === 'Contract')!;
    const segment = [{ key: contract.key, op: 'eq' as const, value: 'Month-to-month' }];
    expect((await client.risk.features({ project: telco, filters: segment })).target).toMatchObject({
      rows: 3875,
      positives: 1655,
    });
    const result = await client.risk.train({
      project: telco,
      model: 'logistic',
      features: ['tenure', 'InternetService'],
      filters: segment,
      name: 'month-to-month',
    });
    expect(result.target).toMatchObject({ rows: 3875, positives: 1655 });
    expect(result.folds.reduce((sum, fold) => sum + fold.n, 0)).toBe(3875);
    const scored = await client.risk.score({ project: telco, model: 'month-to-month' });
    expect(scored).toMatchObject({ customers: 3875 - 1655 });
    expect(scored.population).toMatch(/segment/);
    await client.risk.deleteModel({ project: telco, model: 'month-to-month' });
  }, 60_000);

  it('gbt with the golden folds: fold AUCs within 0.005 of HistGradientBoostingClassifier; SHAP reasons', async () => {
    const reference = gbtGolden.datasets.find((dataset) => dataset.dataset === 'telco')!;
    const result = await client.risk.train({
      project: telco,
      model: 'gbt',
      foldsFrom: telcoFolds,
      gbt: { earlyStopping: false },
      name: 'trees',
    });
    for (const { fold, n, auc } of reference.folds) {
      const ours = result.folds.find((entry) => entry.fold === fold)!;
      expect(ours.n).toBe(n);
      expect(Math.abs(ours.auc! - auc)).toBeLessThan(0.005);
    }
    expect(result.coefficients).toBeUndefined();
    expect(result.importance).toHaveLength(19);
    // Sorted by mean |SHAP|; each with its permutation importance.
    const values = result.importance!.map((entry) => entry.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(result.importance!.every((entry) => entry.permutation !== undefined)).toBe(true);
    expect(result.design[0]).toMatch(/100 trees/);
    // The saved trees score again after a round trip through JSON.
    const scored = await client.risk.score({ project: telco, model: 'trees' });
    expect(scored.customers).toBe(5174);
    const top = await client.risk.scores({ project: telco, model: 'trees', limit: 1 });
    expect(top.customers[0]!.tier).toBe('high');
    expect(top.customers[0]!.reasons.length).toBeGreaterThan(0);
    expect(top.customers[0]!.reasons[0]!.contribution).toBeGreaterThan(0);
    await client.risk.deleteModel({ project: telco, model: 'trees' });
  }, 120_000);

  it('an excluded feature is refused', async () => {
    const { excluded } = await client.risk.features({ project: telco });
    const churn = excluded.find((entry) => entry.name === 'Churn')!;
    const error = await failure(
      client.risk.train({ project: telco, model: 'logistic', features: [churn.key] }),
    );
    expect(error.code).toBe('INVALID_REQUEST');
  });

  it('a cancelled training leaves the project as it was', async () => {
    const before = await client.risk.models({ project: telco });
    const controller = new AbortController();
    const error = await failure(
      client.risk.train(
        { project: telco, model: 'logistic', name: 'cancelled' },
        { signal: controller.signal, onProgress: () => controller.abort() },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(await client.risk.models({ project: telco })).toEqual(before);
    // In-process, cancelled at its last check (all the work done, just before saving): no race.
    const request = {
      project: telco,
      model: 'logistic' as const,
      target: { kind: 'flag' as const },
      features: ['Contract', 'tenure'],
      folds: 2,
      seed: 0,
      replace: false,
      filters: [],
      name: 'cancelled',
    };
    let checks = 0;
    const counting = createTaskContext({
      isCancelled: () => (checks++, false),
      emit: () => undefined,
      projects: connections,
    });
    trainRiskModelTask({ ...request, name: 'counted' }, counting);
    let seen = 0;
    const cancelling = createTaskContext({
      isCancelled: () => ++seen >= checks,
      emit: () => undefined,
      projects: connections,
    });
    expect(errorOf(() => trainRiskModelTask(request, cancelling)).code).toBe('CANCELLED');
    const after = await client.risk.models({ project: telco });
    expect(after.models.map((model) => model.name)).toEqual([
      ...before.models.map((model) => model.name),
      'counted',
    ]);
    await client.risk.deleteModel({ project: telco, model: 'counted' });
  }, 60_000);
});

describe('risk.score, risk.scores and risk.tiers on a project counted by hand', () => {
  it('scores the active customers, tiers by quantiles, revenue at risk = Σ score × total revenue', async () => {
    await client.risk.train({ project: hand, model: 'logistic', features: ['plan'], folds: 2, name: 'hand' });
    const scored = await client.risk.score({ project: hand, model: 'hand' });
    // Active (not churned): a1, a2, a3 at 0.25 and b1 at 0.75. Quantiles (numpy's linear): 50% = 0.25;
    // 80% at position 0.8 × 3 = 2.4: 0.25 + 0.4 × (0.75 − 0.25) = 0.45.
    expect(scored).toMatchObject({ customers: 4, valueBasis: 'total_revenue' });
    expect(scored.thresholds.medium).toBeCloseTo(0.25, 6);
    expect(scored.thresholds.high).toBeCloseTo(0.45, 6);
    const page = await client.risk.scores({ project: hand, model: 'hand' });
    expect(page.total).toBe(4);
    expect(page.customers.map((row) => [row.customerId, row.tier, row.value])).toEqual([
      ['b1', 'high', 200],
      ['a1', 'medium', 100],
      ['a2', 'medium', 50],
      ['a3', 'medium', 0], // no orders: total revenue 0
    ]);
    page.customers.forEach((row) => expect(row.score).toBeCloseTo(row.customerId === 'b1' ? 0.75 : 0.25, 6));
    // b1's reason: β_B (1 − mean of the B dummy) = 2 ln 3 × (1 − 1/2) = ln 3 = 1.0986; A raises nothing.
    expect(page.customers[0]!.reasons).toHaveLength(1);
    expect(page.customers[0]!.reasons[0]!.contribution).toBeCloseTo(Math.log(3), 6);
    expect(page.customers[0]!.reasons[0]!.text).toBe('plan = B +1.10');
    expect(page.customers[1]!.reasons).toEqual([]);

    const tiers = await client.risk.tiers({ project: hand, model: 'hand' });
    expect(tiers.valueBasis).toBe('total_revenue');
    const byTier = Object.fromEntries(tiers.tiers.map((tier) => [tier.tier, tier]));
    expect(byTier.low).toMatchObject({ customers: 0, meanScore: null, revenueAtRisk: null });
    expect(byTier.medium).toMatchObject({ customers: 3, value: 150 });
    expect(byTier.medium!.revenueAtRisk).toBeCloseTo(0.25 * 150, 6);
    expect(byTier.high).toMatchObject({ customers: 1, value: 200 });
    expect(byTier.high!.revenueAtRisk).toBeCloseTo(0.75 * 200, 6);
    expect(tiers.total.customers).toBe(4);
    expect(tiers.total.revenueAtRisk).toBeCloseTo(37.5 + 150, 6);

    // By value, one tier, a page.
    const byValue = await client.risk.scores({
      project: hand,
      model: 'hand',
      sort: 'value',
      tier: 'medium',
      limit: 2,
    });
    expect(byValue).toMatchObject({ total: 3, offset: 0 });
    expect(byValue.customers.map((row) => row.customerId)).toEqual(['a1', 'a2']);
  }, 60_000);

  it('given thresholds; a cancelled re-score keeps the earlier scores', async () => {
    const scored = await client.risk.score({
      project: hand,
      model: 'hand',
      thresholds: { medium: 0.2, high: 0.8 },
    });
    expect(scored.thresholds).toEqual({ medium: 0.2, high: 0.8, from: 'given' });
    const before = await client.risk.scores({ project: hand, model: 'hand' });
    expect(before.customers.map((row) => row.tier)).toEqual(['medium', 'medium', 'medium', 'medium']);
    // Cancelled at its last check, inside the transaction after every row is written (the task run
    // in-process with a cancel flag that trips on that check: no race with a fast job).
    const checks = (cancelAt: number) => {
      let count = 0;
      return createTaskContext({
        isCancelled: () => ++count >= cancelAt,
        emit: () => undefined,
        projects: connections,
      });
    };
    const countChecks = { n: 0 };
    const counting = createTaskContext({
      isCancelled: () => (countChecks.n++, false),
      emit: () => undefined,
      projects: connections,
    });
    scoreRiskModelTask(
      { project: hand, model: 'hand', thresholds: { medium: 0.2, high: 0.8 }, reasons: 3 },
      counting,
    );
    const error = errorOf(() =>
      scoreRiskModelTask(
        { project: hand, model: 'hand', thresholds: { medium: 0.5, high: 0.6 }, reasons: 3 },
        checks(countChecks.n),
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(await client.risk.scores({ project: hand, model: 'hand' })).toEqual(before);
    const { models } = await client.risk.models({ project: hand });
    expect(models[0]).toMatchObject({ name: 'hand', scoredCustomers: 4 });
  }, 60_000);

  it('deleteModel removes the model and its scores', async () => {
    const { models } = await client.risk.deleteModel({ project: hand, model: 'hand' });
    expect(models).toEqual([]);
    expect((await failure(client.risk.tiers({ project: hand, model: 'hand' }))).code).toBe('NOT_FOUND');
  });
});
