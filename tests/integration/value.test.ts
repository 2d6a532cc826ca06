import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@shared/contract';
import type { Services } from '../../src-main/services';
import { failure } from '../support/app-errors';
import { cdnowCsv } from '../support/datasets';
import { runCli } from './cli-harness';
import { importTelco, realClient, root, testEnvironment } from './real-services';
import type { AppEnvironment } from '../../src-main/app/environment';

/**
 * The customer-value channels and commands end to end on real data: the CDNOW 1/10 sample imported as
 * a transactions file (2,357 customers), then RFM, BG/NBD, Pareto/NBD, Gamma-Gamma and CLV through the
 * services and the CLI, against the published figures (Fader, Hardie & Lee 2005; to 3 significant
 * figures, i.e. relative 5e-3 after rounding), and sBG on the telco customers.
 */
let dir: string;
let environment: AppEnvironment;
let services: Services;
let client: Client;
let project: string;

const threeSf = (v: number) => Number(v.toPrecision(3));

beforeAll(async () => {
  ({ environment, dir } = testEnvironment('cli'));
  ({ services, client } = realClient(environment));
  // The sample's purchases: the master log's rows of the 2,357 sampled customers.
  const sample = new Set(
    readFileSync(join(root, 'tests/golden/btyd/cdnow-sample-map.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]),
  );
  const lines = readFileSync(cdnowCsv, 'utf8').trim().split('\n');
  const csv = join(dir, 'cdnow-sample.csv');
  writeFileSync(
    csv,
    [lines[0], ...lines.slice(1).filter((line) => sample.has(line.split(',')[0]))].join('\n') + '\n',
  );
  project = join(dir, 'cdnow.tenure');
  await client.project.create({ path: project });
  const report = await client.import.run({
    project,
    path: csv,
    kind: 'transactions',
    mapping: { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' },
    // Identical rows are real repeat orders in this log (two equal CDs on one day): keep them.
    duplicateRows: 'keep',
  });
  expect(report.imported).toBe(6919);
}, 60_000);

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('value.* on the CDNOW sample', () => {
  it('fits BG/NBD on the calibration period ending 1997-09-30 with the published parameters', async () => {
    const steps: string[] = [];
    const fit = await client.value.fit(
      { project, model: 'bgnbd', calibrationEnd: '1997-09-30', unit: 'week' },
      { onProgress: (p) => steps.push(p.label) },
    );
    expect(steps.length).toBeGreaterThan(2);
    expect(fit.customers).toBe(2357);
    expect(fit.repeatBuyers).toBe(946);
    const params = Object.fromEntries(fit.fit.params.map((p) => [p.name, p.value]));
    expect([params.r, params.alpha, params.a, params.b].map((v) => threeSf(v ?? NaN))).toEqual([
      0.243, 4.41, 0.793, 2.43,
    ]);
    expect(fit.fit.logLik).toBeCloseTo(-9582.4, 1);
    expect(fit.fit.params.every((p) => p.se !== null && p.se > 0)).toBe(true);
    // Gamma-Gamma on the calibration repeat buyers: p = 6.25, q = 3.74, γ = 15.44.
    const spend = Object.fromEntries(fit.spend!.params.map((p) => [p.name, p.value]));
    expect([spend.p, spend.q, spend.gamma].map((v) => threeSf(v ?? NaN))).toEqual([6.25, 3.74, 15.4]);
    // The hold-out check: 39 weeks after the calibration end; buckets 0..7+ cover every customer.
    expect(fit.holdoutLength).toBeCloseTo(39, 0);
    expect(fit.holdoutByFrequency.reduce((sum, b) => sum + b.customers, 0)).toBe(2357);
    const last = fit.tracking.at(-1)!;
    expect(Math.abs(last.predicted - last.actual) / last.actual).toBeLessThan(0.05);
    // Per-customer values come from the refit on all data: every customer valued, deciles 1..10.
    expect(fit.clv.customers).toBe(2357);
    expect(fit.clv.deciles.map((d) => d.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(fit.predictFrom).toBe('all-data');
    expect(fit.predictedAt).toBe('1998-06-30');
  });

  it('value.customers pages sorted by CLV, filters by decile, and value.clv recomputes without refitting', async () => {
    const { models } = await client.value.models({ project });
    const model = models[0]!.id;
    const top = await client.value.customers({ project, model, sort: 'clv', direction: 'desc', limit: 50 });
    expect(top.total).toBe(2357);
    const clvs = top.customers.map((c) => c.clv!);
    expect(clvs).toEqual([...clvs].sort((a, b) => b - a));
    expect(top.customers[0]!.decile).toBe(10);
    const tenth = await client.value.customers({ project, model, decile: 10, limit: 5000 });
    // Decile d holds ranks ⌊(d−1)n/10⌋ … : 2,357 customers put 235 in the top decile.
    expect(tenth.total).toBe(235);

    const before = top.customers[0]!;
    const doubled = await client.value.clv({
      project,
      model,
      clv: { margin: 0.6, discount: 0.1, horizonMonths: 12 },
    });
    const after = (await client.value.customers({ project, model, sort: 'clv', direction: 'desc', limit: 1 }))
      .customers[0]!;
    expect(after.customerId).toBe(before.customerId);
    expect(after.clv! / before.clv!).toBeCloseTo(2, 9);
    expect(doubled.margin).toBe(0.6);
    expect((await client.value.model({ project, model })).clv.margin).toBe(0.6);
    // A longer horizon never lowers a CLV.
    const shortTotal = doubled.total;
    const long = await client.value.clv({
      project,
      model,
      clv: { margin: 0.6, discount: 0.1, horizonMonths: 36 },
    });
    expect(long.total).toBeGreaterThan(shortTotal);
    await client.value.clv({ project, model, clv: { margin: 0.3, discount: 0.1, horizonMonths: 12 } });
  });

  it('value.rfm scores every customer, stores the segment column and drills down', async () => {
    const rfm = await client.value.rfm({ project });
    expect(rfm.asOf).toBe('1998-06-30');
    expect(rfm.customers).toBe(2357);
    expect(rfm.segments).toHaveLength(11);
    expect(rfm.segments.reduce((s, x) => s + x.customers, 0)).toBe(2357);
    expect(rfm.grid).toHaveLength(25);
    const columns = await client.customers.columns({ project });
    expect(columns.columns.map((c) => c.key)).toEqual(
      expect.arrayContaining(['rfm_segment', 'clv', 'value_tier', 'p_alive']),
    );
    const { models } = await client.value.models({ project });
    const lost = rfm.segments.find((s) => s.segment === 'Lost')!;
    const page = await client.value.customers({
      project,
      model: models[0]!.id,
      rfmSegment: 'Lost',
      limit: 5000,
    });
    expect(page.total).toBe(lost.customers);
    expect(page.customers.every((c) => c.rfmSegment === 'Lost')).toBe(true);
  });

  it('value.tiers crosses deciles with risk tiers ("unscored" without a risk model)', async () => {
    const { models } = await client.value.models({ project });
    const tiers = await client.value.tiers({ project, model: models[0]!.id });
    expect(tiers.riskModel).toBeNull();
    expect(tiers.cells.every((cell) => cell.riskTier === 'unscored')).toBe(true);
    expect(tiers.cells.reduce((s, c) => s + c.customers, 0)).toBe(2357);
  });

  it('Pareto/NBD, Gamma-Gamma and btyd --predictions through the CLI', async () => {
    const pareto = await runCli(['btyd', project, '--model', 'pareto', '--calibration-end', '1997-09-30'], {
      environment,
      cwd: dir,
    });
    expect(pareto.code).toBe(0);
    const fit = pareto.json<{ params: Record<string, number>; se: Record<string, number> }>();
    expect(
      [fit.params.r, fit.params.alpha, fit.params.s, fit.params.beta].map((v) => threeSf(v ?? NaN)),
    ).toEqual([0.553, 10.6, 0.606, 11.7]);
    const gg = await runCli(['gamma-gamma', project, '--calibration-end', '1997-09-30'], {
      environment,
      cwd: dir,
    });
    expect(gg.code).toBe(0);
    const spend = gg.json<{ params: Record<string, number> }>().params;
    expect([spend.p, spend.q, spend.gamma].map((v) => threeSf(v ?? NaN))).toEqual([6.25, 3.74, 15.4]);
    const bg = await runCli(
      ['btyd', project, '--model', 'bgnbd', '--calibration-end', '1997-09-30', '--predictions'],
      {
        environment,
        cwd: dir,
      },
    );
    const out = bg.json<{
      predictions: { customer: string; x: number; tx: number; T: number; pAlive: number }[];
    }>();
    expect(out.predictions).toHaveLength(2357);
    // As of the calibration end, the published summary's first customer (ID 1 = 00004): x 2, t_x 30.43, T 38.86.
    const first = out.predictions.find((p) => p.customer === '00004')!;
    expect(first.x).toBe(2);
    expect(first.tx).toBeCloseTo(30.43, 2);
    expect(first.T).toBeCloseTo(38.86, 2);
    expect(first.pAlive).toBeGreaterThan(0.5);
    const models = (await client.value.models({ project })).models;
    expect(models.length).toBe(4);
    const remaining = await client.value.deleteModel({ project, model: models[0]!.id });
    expect(remaining.models).toHaveLength(3);
  });

  it('clv --out writes every customer; a bad flag is a usage error', async () => {
    const out = join(dir, 'values.csv');
    const clv = await runCli(['clv', project, '--margin', '0.25', '--out', out], { environment, cwd: dir });
    expect(clv.code).toBe(0);
    expect(clv.json<{ margin: number; customers: number }>()).toMatchObject({
      margin: 0.25,
      customers: 2357,
    });
    expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(2358);
    const bad = await runCli(['clv', project, '--margin', '30'], { environment, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--margin takes a share from 0 to 1/);
  });

  it('a cancelled fit leaves the project as it was', async () => {
    const before = (await client.value.models({ project })).models.map((m) => m.id);
    const controller = new AbortController();
    const error = await failure(
      client.value.fit(
        { project, model: 'pareto', calibrationEnd: '1997-09-30' },
        { signal: controller.signal, onProgress: (p) => p.done >= 2 && controller.abort() },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect((await client.value.models({ project })).models.map((m) => m.id)).toEqual(before);
  });

  it('refuses what cannot be done, with the reason', async () => {
    expect((await failure(client.value.fit({ project, calibrationEnd: '1999-01-01' }))).message).toMatch(
      /within the purchases \(1997-01-01 to 1998-06-30\)/,
    );
    expect((await failure(client.value.model({ project, model: 'no such fit' }))).code).toBe('NOT_FOUND');
  });
});

describe('value.sbg', () => {
  it('fits a survivor series (Fader & Hardie 2007, "regular": α 0.704, β 1.182)', async () => {
    const result = await client.value.sbg({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241] });
    expect([threeSf(result.alpha), threeSf(result.beta)]).toEqual([0.704, 1.18]);
    expect(result.projected).toHaveLength(8 + 5);
    expect(result.projected[7]!.actual).toBeCloseTo(0.241, 9);
    const cli = await runCli(['sbg', '--survivors', '1000,869,743,653,593,551,517,491'], {
      environment,
      cwd: dir,
    });
    const high = cli.json<{ alpha: number; beta: number; projected: number[] }>();
    expect([threeSf(high.alpha), threeSf(high.beta)]).toEqual([0.668, 3.81]);
    expect(high.projected[0]).toBe(1);
  });

  it('fits the telco customers (tenure in months, churned or active) and explains the naive formula', async () => {
    const telco = join(dir, 'telco.tenure');
    await importTelco(client, telco);
    const result = await client.value.sbg({ project: telco, period: 'month' });
    expect(result.source).toMatch(/7,043 customers/);
    expect(result.alpha).toBeGreaterThan(0);
    expect(result.projected[1]!.actual).toBeLessThan(1);
    // The annual 10% compounds down to a monthly rate for the monthly periods.
    expect(result.annualDiscount).toBe(0.1);
    expect(result.discount).toBeCloseTo(1.1 ** (1 / 12) - 1, 12);
    // No MRR in the telco import: no value per customer, no naive formula.
    expect(result.valuePerCustomer).toBeNull();
    expect(result.naive).toBeNull();
    expect((await failure(client.value.rfm({ project: telco }))).message).toMatch(/transactions dataset/);
  });
});
