import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import { ProjectConnections } from '../../src-main/jobs/project-connections';
import { analysisStateToken, projectStateToken } from '../../src-main/store/project-state';
import { importTelco, realClient, testEnvironment } from './real-services';
import { failure } from '../support/app-errors';

/**
 * Risk tiers as a segment everywhere (issue 5): once a model has scored, the customer table gains
 * "Risk score" and "Risk tier" (of the most recently scored model), and the existing channels — survival
 * by group and by segment, drivers, churn over time — use them like any other column, through the real
 * services (the analyses run, and are cached, on the queries worker; scoring on the jobs worker).
 *
 * Telco, flag target: only the customers not churned are scored, so the churned ones have no tier.
 */
let dir: string;
let services: Services;
let client: Client;
let telco: string;
const connections = new ProjectConnections();

beforeAll(async () => {
  const test = testEnvironment('cli');
  dir = test.dir;
  ({ services, client } = realClient(test.environment));
  telco = join(dir, 'telco.tenure');
  await importTelco(client, telco);
}, 120_000);

afterAll(async () => {
  connections.closeAll();
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const highTier = [{ key: 'risk_tier', op: 'eq' as const, value: 'high' }];

describe('risk tiers as a segment', () => {
  it('adds the latest scoring’s columns to every analysis, skips them as drivers, and refreshes cached analyses', async () => {
    // Before any scoring: no risk columns, and the drivers (now cached) do not know them.
    const columnsBefore = await client.customers.columns({ project: telco });
    expect(columnsBefore.columns.map((column) => column.key)).not.toContain('risk_tier');
    const driversBefore = await client.drivers.list({ project: telco });
    expect(driversBefore.skipped.map((entry) => entry.key)).not.toContain('risk_tier');
    const db = connections.get(telco);
    const tokenBefore = analysisStateToken(db);
    const projectTokenBefore = projectStateToken(db);

    const trained = await client.risk.train({ project: telco, model: 'logistic', name: 'segment model' });
    const scored = await client.risk.score({ project: telco, model: trained.modelId });
    const tiers = await client.risk.tiers({ project: telco, model: trained.modelId });
    const high = tiers.tiers.find((tier) => tier.tier === 'high')!;
    expect(high.customers).toBeGreaterThan(0);

    // The token of analyses changes with a scoring; the one dating saved models does not.
    const tokenScored = analysisStateToken(db);
    expect(tokenScored).not.toBe(tokenBefore);
    expect(projectStateToken(db)).toBe(projectTokenBefore);

    // The customer table: two derived columns naming the model and its scoring date.
    const columns = (await client.customers.columns({ project: telco })).columns;
    const tier = columns.find((column) => column.key === 'risk_tier')!;
    const score = columns.find((column) => column.key === 'risk_score')!;
    expect(tier).toMatchObject({ name: 'Risk tier', type: 'category', role: 'derived' });
    expect(score).toMatchObject({ name: 'Risk score', type: 'decimal', role: 'derived' });
    expect(tier.description).toContain('"segment model"');
    expect(tier.description).toContain(scored.scoredAt.slice(0, 10));

    // The segment filter: the customers page and every analysis cut to the high tier.
    const page = await client.customers.page({ project: telco, filters: highTier, offset: 0, limit: 5 });
    expect(page.total).toBe(high.customers);
    const kmHigh = await client.survival.km({ project: telco, filters: highTier });
    expect(kmHigh.groups[0]!.n).toBe(high.customers);
    // Active customers only: nobody in the tier has churned (flag target).
    expect(kmHigh.groups[0]!.events).toBe(0);

    // KM grouped by tier: one curve per tier (and the unscored, churned customers apart).
    const kmByTier = await client.survival.km({ project: telco, groupBy: 'risk_tier' });
    expect(kmByTier.groupBy?.key).toBe('risk_tier');
    const byKey = new Map(kmByTier.groups.map((group) => [group.key, group]));
    for (const entry of tiers.tiers) expect(byKey.get(entry.tier)?.n).toBe(entry.customers);

    // Drivers: the cached answer from before the scoring is not served; the risk columns are listed
    // as skipped with the leakage reason, never ranked.
    const drivers = await client.drivers.list({ project: telco });
    const skipped = new Map(drivers.skipped.map((entry) => [entry.key, entry.reason]));
    expect(skipped.get('risk_score')).toMatch(/leakage/);
    expect(skipped.get('risk_tier')).toMatch(/leakage/);
    expect(drivers.drivers.map((driver) => driver.key)).not.toContain('risk_score');
    // Drivers and churn over time within the high tier: everyone there is active (flag target).
    const driversHigh = await client.drivers.list({ project: telco, filters: highTier });
    expect(driversHigh.customers).toBe(high.customers);
    expect(driversHigh.churned).toBe(0);

    // A new model is not trained on the previous one's output.
    const features = await client.risk.features({ project: telco });
    expect(features.features.map((feature) => feature.key)).not.toContain('risk_score');
    expect(features.excluded.map((feature) => feature.key)).toEqual(
      expect.arrayContaining(['risk_score', 'risk_tier']),
    );

    // Deleting the model removes the columns, and the cached analyses by tier are not served again.
    await client.risk.deleteModel({ project: telco, model: trained.modelId });
    expect(analysisStateToken(db)).not.toBe(tokenScored);
    expect((await failure(client.survival.km({ project: telco, groupBy: 'risk_tier' }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await failure(client.survival.km({ project: telco, filters: highTier }))).code).toBe('NOT_FOUND');
  }, 120_000);

  it('cuts churn over time and cohorts by tier on dated data', async () => {
    // 40 customers from January to April 2024; plan B churns far more (every other B has an end date).
    const lines = ['id,start,end,plan'];
    for (let i = 0; i < 40; i++) {
      const plan = i % 2 === 0 ? 'A' : 'B';
      const start = `2024-0${1 + (i % 4)}-${String(1 + (i % 27)).padStart(2, '0')}`;
      const churns = plan === 'B' ? i % 4 !== 3 : i % 10 === 0;
      lines.push(`c${i},${start},${churns ? `2024-0${6 + (i % 3)}-15` : ''},${plan}`);
    }
    const csv = join(dir, 'dated.csv');
    writeFileSync(csv, lines.join('\n'));
    const dated = join(dir, 'dated.tenure');
    await client.project.create({ path: dated });
    await client.import.run({
      project: dated,
      path: csv,
      kind: 'customers',
      mapping: { id: 'id', start: 'start', end: 'end' },
    });
    const trained = await client.risk.train({
      project: dated,
      model: 'logistic',
      folds: 2,
      features: ['plan'],
    });
    await client.risk.score({
      project: dated,
      model: trained.modelId,
      thresholds: { medium: 0.2, high: 0.4 },
    });
    const tiers = await client.risk.tiers({ project: dated, model: trained.modelId });
    const high = tiers.tiers.find((tier) => tier.tier === 'high')!;
    expect(high.customers).toBeGreaterThan(0);

    const all = await client.retention.churnOverTime({ project: dated });
    const highOnly = await client.retention.churnOverTime({ project: dated, filters: highTier });
    const newCustomers = (periods: typeof all.periods) =>
      periods.reduce((sum, period) => sum + period.newCustomers, 0);
    expect(newCustomers(highOnly.periods)).toBe(high.customers);
    expect(newCustomers(all.periods)).toBe(40);

    const cohorts = await client.retention.cohorts({
      project: dated,
      by: 'risk_tier',
      definition: 'active-in-period-or-later',
    });
    expect(cohorts.by?.key).toBe('risk_tier');
  }, 120_000);
});
