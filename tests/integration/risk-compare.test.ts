import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import { importTelco, realClient, testEnvironment } from './real-services';
import { telcoCsv } from '../support/datasets';
import { failure } from '../support/app-errors';

/**
 * risk.train's hold-out and expected-value table, and risk.compare, through the real services on the
 * telco sample (7,043 customers, 1,869 churned).
 */
let dir: string;
let services: Services;
let client: Client;
let telco: string;

beforeAll(async () => {
  const test = testEnvironment('cli');
  dir = test.dir;
  ({ services, client } = realClient(test.environment));
  telco = join(dir, 'telco.tenure');
  await importTelco(client, telco);
}, 120_000);

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hold-out and expected value', () => {
  it('holds out a stratified, seeded share and measures the final model on it', async () => {
    const campaign = { contactCost: 5, valueSaved: 300, successRate: 0.3 };
    const trained = await client.risk.train({
      project: telco,
      model: 'logistic',
      holdout: 0.2,
      campaign,
      name: 'held',
    });
    // Stratified: round(0.2 × 5,174) = 1,035 stayers and round(0.2 × 1,869) = 374 churners.
    expect(trained.holdout).toMatchObject({ fraction: 0.2, n: 1409, positives: 374 });
    expect(trained.holdout!.auc).toBeGreaterThan(0.8);
    // Cross-validation and the fit saw the other 5,634 only, and the target says so.
    expect(trained.folds.reduce((sum, fold) => sum + fold.n, 0)).toBe(7043 - 1409);
    expect(trained.target.rows).toBe(7043 - 1409);
    expect(trained.target.positives).toBe(1869 - 374);
    expect(trained.target.leftOut).toContainEqual({
      reason: 'held out (20%) to test the final model',
      customers: 1409,
    });
    // Seeded: the same request draws the same hold-out.
    const again = await client.risk.train({
      project: telco,
      model: 'logistic',
      holdout: 0.2,
      name: 'held 2',
    });
    expect(again.holdout).toEqual(trained.holdout);

    // The expected-value table from the out-of-fold predictions.
    expect(trained.campaign).toEqual(campaign);
    expect(trained.thresholds!.map((row) => row.threshold)).toEqual(
      Array.from({ length: 19 }, (_, k) => Number(((k + 1) * 0.05).toFixed(2))),
    );
    for (const row of trained.thresholds!) {
      expect(row.truePositives + row.falseNegatives).toBe(1869 - 374);
      expect(row.targeted).toBe(row.truePositives + row.falsePositives);
      expect(row.expectedValue).toBeCloseTo(row.truePositives * 300 * 0.3 - row.targeted * 5, 6);
      expect(trained.bestThreshold!.expectedValue).toBeGreaterThanOrEqual(row.expectedValue);
    }
    // Without inputs: the defaults (10, 200, 0.2).
    expect(again.campaign).toEqual({ contactCost: 10, valueSaved: 200, successRate: 0.2 });

    // With given folds: the hold-out comes out of the customers that have a fold, the rest keep theirs.
    const ids = readFileSync(telcoCsv, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((line) => line !== '')
      .map((line) => line.split(',')[0]!.replaceAll('"', ''));
    const foldsFrom = ids.map((customerId, i) => ({ customerId, fold: i % 3 }));
    const given = await client.risk.train({
      project: telco,
      model: 'logistic',
      foldsFrom: foldsFrom.slice(0, 6000),
      holdout: 0.1,
      name: 'given folds held',
    });
    expect(given.folds.map((fold) => fold.fold)).toEqual([0, 1, 2]);
    expect(given.folds.reduce((sum, fold) => sum + fold.n, 0) + given.holdout!.n).toBe(6000);
    expect(given.holdout!.n).toBeGreaterThan(550);
    expect(given.holdout!.n).toBeLessThan(650);
  }, 120_000);
});

describe('risk.compare', () => {
  it('pairs a logistic model and trees over the same folds and recommends', async () => {
    const logistic = await client.risk.train({ project: telco, model: 'logistic', name: 'lr' });
    const trees = await client.risk.train({ project: telco, model: 'gbt', name: 'trees' });
    const result = await client.risk.compare({ project: telco, models: ['lr', trees.modelId] });
    expect(result.comparable).toBe(true);
    expect(result.models.map((model) => model.kind)).toEqual(['logistic', 'gbt']);
    expect(result.models[0].auc).toBe(logistic.auc.mean);
    const differences = logistic.folds.map((fold, f) => fold.auc! - trees.folds[f]!.auc!);
    const mean = differences.reduce((s, d) => s + d, 0) / differences.length;
    const sd = Math.sqrt(differences.reduce((s, d) => s + (d - mean) ** 2, 0) / (differences.length - 1));
    expect(result.difference!.folds.map((fold) => fold.difference)).toEqual(differences);
    expect(result.difference!.mean).toBeCloseTo(mean, 12);
    expect(result.difference!.sd).toBeCloseTo(sd, 12);
    const withinNoise = Math.abs(mean) <= sd;
    expect(result.recommendation!.withinNoise).toBe(withinNoise);
    expect(result.recommendation!.name).toBe(withinNoise || mean >= 0 ? 'lr' : 'trees');
    if (withinNoise) expect(result.recommendation!.reason).toMatch(/within noise/);

    // Other folds (another seed): side by side, but not paired.
    await client.risk.train({ project: telco, model: 'gbt', name: 'trees seed 1', seed: 1 });
    const other = await client.risk.compare({ project: telco, models: ['lr', 'trees seed 1'] });
    expect(other.comparable).toBe(false);
    expect(other.reasons.join(' ')).toMatch(/different seeds/);
    expect(other.difference).toBeNull();
    expect(other.recommendation).toBeNull();
    expect(other.models[1].name).toBe('trees seed 1');
    // A hold-out changes the cross-validated customers: not comparable either.
    expect((await client.risk.compare({ project: telco, models: ['lr', 'held'] })).reasons).toContain(
      'their hold-outs differ',
    );
    expect((await failure(client.risk.compare({ project: telco, models: ['lr', 'lr'] }))).code).toBe(
      'INVALID_REQUEST',
    );
  }, 180_000);
});
