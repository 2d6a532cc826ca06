import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridge as wire, CallResult } from '@shared/bridge';
import { channelNames, createClient, type ChannelName, type Client, type Transport } from '@shared/contract';
import { AppError } from '@shared/errors';
import { startBrowserMode, type BrowserMode } from '../../src-main/app/browser-launcher';
import { parseEvents } from './http-client';
import { importTelco, testEnvironment } from './real-services';
import { cdnowCsv, telcoCsv } from '../support/datasets';
import { failure } from '../support/app-errors';

/**
 * Every channel of the contract, called through the loopback bridge against the real services, the way
 * the renderer calls them in browser mode: a typed client over fetch, progress as server-sent events.
 */
let app: BrowserMode;
let dir: string;
let client: Client;
const covered = new Set<ChannelName>();
const progressSeen: unknown[] = [];

function bridgeTransport(base: string, token: string): Transport {
  return async (name, request, options) => {
    covered.add(name);
    const response = await fetch(`${base}${wire.callPath}${name}`, {
      method: 'POST',
      headers: { [wire.tokenHeader]: token, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(request),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    expect(response.status).toBe(200);
    const events = parseEvents(await response.text());
    for (const event of events) if (event.event === 'progress') options.onProgress?.(event.data);
    const last = events.at(-1);
    expect(last?.event).toBe('result');
    const result = CallResult.parse(last?.data);
    if (!result.ok) throw AppError.fromData(result.error);
    return result.value;
  };
}

beforeAll(async () => {
  const test = testEnvironment('browser');
  dir = test.dir;
  app = await startBrowserMode({
    open: false,
    log: () => {},
    environment: test.environment,
    rendererDir: join(dir, 'no-renderer'),
  });
  client = createClient(bridgeTransport(new URL(app.url).origin, app.bridge.token));
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('every channel through the loopback bridge (real services)', () => {
  const project = () => join(dir, 'projects', 'telco.tenure');

  it('app.info and app.samples', async () => {
    const info = await client.app.info({});
    expect(info).toMatchObject({ name: 'Tenure', mode: 'browser', projectsDir: join(dir, 'projects') });
    const { samples } = await client.app.samples({});
    const telco = samples.find((sample) => sample.path.endsWith('telco_churn.csv'));
    expect(telco).toMatchObject({ rows: 7043, suggestedMapping: { id: 'customer_id', churned: 'Churn' } });
  });

  it('project.create, and ALREADY_EXISTS the second time', async () => {
    const created = await client.project.create({ path: project(), name: 'Telco' });
    expect(created).toMatchObject({ path: project(), name: 'Telco', customers: 0, lastImport: null });
    expect((await failure(client.project.create({ path: project() }))).code).toBe('ALREADY_EXISTS');
  });

  it('import.inspect reads the sample', async () => {
    const inspected = await client.import.inspect({ path: telcoCsv });
    expect(inspected.options).toMatchObject({ encoding: 'utf-8', delimiter: ',', hasHeader: true });
    expect(inspected.columns.map((column) => column.name)).toContain('Churn');
    expect(inspected.columns).toHaveLength(21);
    expect(inspected.suggestedMapping.id).toBe('customer_id');
  });

  it('import.run: a dry run changes nothing, the real run imports 7043 customers with progress', async () => {
    const request = {
      project: project(),
      path: telcoCsv,
      kind: 'customers' as const,
      mapping: { id: 'customer_id', churned: 'Churn' },
    };
    const dry = await client.import.run({ ...request, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, imported: 7043, rejectedCount: 0 });
    expect((await client.project.info({ project: project() })).customers).toBe(0);
    const report = await client.import.run(request, {
      onProgress: (progress) => progressSeen.push(progress),
    });
    expect(report).toMatchObject({ dryRun: false, imported: 7043, rejectedCount: 0, rejected: [] });
    expect(progressSeen.length).toBeGreaterThan(0);
  });

  it('project.open, project.info, project.recent, project.forget', async () => {
    const opened = await client.project.open({ path: project() });
    expect(opened).toMatchObject({ customers: 7043, lastImport: { imported: 7043, rejected: 0 } });
    expect(await client.project.info({ project: project() })).toMatchObject({ customers: 7043 });
    const recent = await client.project.recent({});
    expect(recent.projects.map((entry) => entry.path)).toContain(project());
    const after = await client.project.forget({ path: project() });
    expect(after.projects.map((entry) => entry.path)).not.toContain(project());
  });

  it('customers.columns and customers.page', async () => {
    const { columns } = await client.customers.columns({ project: project() });
    expect(columns.find((column) => column.role === 'id')).toMatchObject({ name: 'customer_id' });
    expect(columns.find((column) => column.role === 'churned')).toMatchObject({ name: 'Churn' });
    const idKey = columns.find((column) => column.role === 'id')?.key ?? '';
    const page = await client.customers.page({
      project: project(),
      offset: 0,
      limit: 25,
      sort: { key: idKey, direction: 'desc' },
    });
    expect(page.total).toBe(7043);
    expect(page.rows).toHaveLength(25);
    expect(page.rows[0]?.[idKey]).toBe('C7043');
    const contract = columns.find((column) => column.name === 'Contract')?.key ?? '';
    const values = await client.customers.values({ project: project(), key: contract });
    expect(values).toEqual({
      values: [
        { value: 'Month-to-month', count: 3875 },
        { value: 'Two year', count: 1695 },
        { value: 'One year', count: 1473 },
      ],
      distinct: 3,
    });
    const churned = columns.find((column) => column.role === 'churned')?.key ?? '';
    const flags = await client.customers.values({ project: project(), key: churned, limit: 1 });
    expect(flags).toEqual({ values: [{ value: false, count: 5174 }], distinct: 2 });
    await expect(client.customers.values({ project: project(), key: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('overview.get and overview.churnBy', async () => {
    const overview = await client.overview.get({ project: project() });
    expect(overview).toMatchObject({ customers: 7043, churned: 1869 });
    expect(overview.churnShare).toBeCloseTo(1869 / 7043, 10);
    const contract = overview.attributes.find((attribute) => attribute.name === 'Contract');
    expect(contract).toBeDefined();
    const byContract = await client.overview.churnBy({ project: project(), key: contract?.key ?? '' });
    expect(byContract.groups.map((group) => group.label).sort()).toEqual([
      'Month-to-month',
      'One year',
      'Two year',
    ]);
    expect(byContract.groups.reduce((sum, group) => sum + group.customers, 0)).toBe(7043);
    expect(byContract.groups.reduce((sum, group) => sum + group.churned, 0)).toBe(1869);
  });

  it('churn.definition, churn.setDefinition (a job with progress) and quality.report', async () => {
    const state = await client.churn.definition({ project: project() });
    expect(state).toMatchObject({
      customers: 7043,
      churned: 1869,
      setting: { definition: null, asOf: null },
      applied: { definition: { kind: 'flag' }, asOf: null, asOfSource: 'none' },
      interPurchase: null,
    });
    expect(state.options.map((option) => [option.kind, option.available])).toEqual([
      ['flag', true],
      ['contractual', false],
      ['non-contractual', false],
    ]);
    const refused = await failure(
      client.churn.setDefinition({
        project: project(),
        setting: { definition: { kind: 'contractual', graceDays: 30 }, asOf: null },
      }),
    );
    expect(refused.code).toBe('NOT_AVAILABLE');
    const steps: unknown[] = [];
    const saved = await client.churn.setDefinition(
      { project: project(), setting: { definition: { kind: 'flag' }, asOf: null } },
      { onProgress: (progress) => steps.push(progress) },
    );
    expect(saved).toMatchObject({ setting: { definition: { kind: 'flag' } }, churned: 1869 });
    expect(steps.length).toBeGreaterThan(0);
    const report = await client.quality.report({ project: project() });
    expect(report.datasets.map((dataset) => [dataset.kind, dataset.rows, dataset.customers])).toEqual([
      ['customers', 7043, 7043],
    ]);
    // TotalCharges is NA for the 11 customers with tenure 0 (../shared/data/README.md).
    expect(report.datasets[0]?.columns.find((column) => column.name === 'TotalCharges')?.missing).toBe(11);
    expect(report.warnings).toEqual([]);
  });

  it('drivers.list', async () => {
    const drivers = await client.drivers.list({ project: project() });
    expect(drivers).toMatchObject({ customers: 7043, churned: 1869 });
    expect(drivers.drivers.find((driver) => driver.name === 'Contract')?.rank).toBeLessThanOrEqual(3);
  });

  it('survival.km and survival.cox on telco imported with its tenure column', async () => {
    const withTenure = join(dir, 'projects', 'telco-tenure.tenure');
    await importTelco(client, withTenure);
    const { columns } = await client.customers.columns({ project: withTenure });
    const key = (name: string) => columns.find((column) => column.name === name)?.key ?? name;
    const curves = await client.survival.km({ project: withTenure, groupBy: key('Contract') });
    expect(curves.groups.map((group) => group.n).sort((a, b) => a - b)).toEqual([1473, 1695, 3875]);
    // R's survdiff(Surv(tenure, Churn == "Yes") ~ Contract): 2352.87253825934 on 2 df.
    expect(curves.logRank?.chisq).toBeCloseTo(2352.87253825934, 6);
    const cox = await client.survival.cox({ project: withTenure, covariates: [key('MonthlyCharges')] });
    expect(cox).toMatchObject({ n: 7043, events: 1869 });
    expect(cox.coefficients.map((row) => row.term)).toEqual(['MonthlyCharges']);

    // Churn risk on the same project: the leakage guard, a training job with progress, scores, tiers.
    const features = await client.risk.features({ project: withTenure });
    expect(features.excluded.map((entry) => entry.name)).toContain('Churn');
    const steps: unknown[] = [];
    const trained = await client.risk.train(
      { project: withTenure, model: 'logistic', features: [key('Contract'), 'tenure'], folds: 3 },
      { onProgress: (step) => steps.push(step) },
    );
    expect(steps.length).toBeGreaterThan(0);
    expect(trained).toMatchObject({ name: 'logistic 1', model: 'logistic' });
    expect(trained.folds).toHaveLength(3);
    const scored = await client.risk.score({ project: withTenure, model: trained.modelId });
    expect(scored.customers).toBe(7043 - 1869);
    const page = await client.risk.scores({ project: withTenure, model: trained.modelId, limit: 3 });
    expect(page.customers[0]?.tier).toBe('high');
    const tiers = await client.risk.tiers({ project: withTenure, model: trained.modelId });
    expect(tiers.total.customers).toBe(5174);
    // A saved model's full result is what training answered; its scores export as XLSX.
    expect(await client.risk.model({ project: withTenure, model: 'logistic 1' })).toEqual({
      ...trained,
      createdAt: expect.any(String),
      current: true,
    });
    const xlsx = await client.risk.exportScores({
      project: withTenure,
      model: trained.modelId,
      tier: 'high',
    });
    const high = tiers.tiers.find((tier) => tier.tier === 'high')?.customers;
    expect(xlsx).toMatchObject({ fileName: 'risk-scores-logistic-1-high.xlsx', rows: high });
    expect(Buffer.from(xlsx.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const second = await client.risk.train({
      project: withTenure,
      model: 'logistic',
      features: [key('Contract')],
      folds: 3,
    });
    const compared = await client.risk.compare({
      project: withTenure,
      models: [trained.modelId, second.modelId],
    });
    expect(compared.comparable).toBe(true);
    expect(compared.difference?.folds).toHaveLength(3);
    await client.risk.deleteModel({ project: withTenure, model: second.modelId });
    expect((await client.risk.models({ project: withTenure })).models).toHaveLength(1);
    expect((await client.risk.deleteModel({ project: withTenure, model: 'logistic 1' })).models).toEqual([]);
  });

  it('import.history, import.rejectedCsv and import.undo (a job with progress) on an appended CDNOW log', async () => {
    // Its own project: the telco customer table would make every CDNOW id unknown.
    const cdnow = join(dir, 'projects', 'cdnow.tenure');
    await client.project.create({ path: cdnow });
    const report = await client.import.run({
      project: cdnow,
      path: cdnowCsv,
      kind: 'transactions',
      mode: 'append',
      mapping: { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' },
    });
    // 255 rows repeat an earlier row exactly: rejected by default, every one listed.
    expect(report).toMatchObject({ kind: 'transactions', imported: 69_404, rejectedCount: 255 });
    expect(report.rejectionSummary).toEqual([expect.objectContaining({ code: 'duplicate_row', count: 255 })]);
    const rejected = await client.import.rejectedCsv({ id: report.rejectedCsv ?? '' });
    expect(rejected.rows).toBe(255);

    // The customer-value channels on the same log (23,570 customers).
    const rfm = await client.value.rfm({ project: cdnow, asOf: '1998-06-30' });
    expect(rfm.customers).toBe(23_570);
    const fit = await client.value.fit({ project: cdnow, calibrationEnd: '1997-09-30' });
    expect(fit.customers).toBe(23_570);
    expect(fit.fit.converged).toBe(true);
    expect((await client.value.models({ project: cdnow })).models.map((m) => m.id)).toEqual([fit.id]);
    expect((await client.value.model({ project: cdnow, model: fit.name })).fit.logLik).toBe(fit.fit.logLik);
    const clv = await client.value.clv({
      project: cdnow,
      model: fit.id,
      clv: { margin: 0.5, discount: 0.1, horizonMonths: 24 },
    });
    expect(clv.customers).toBe(23_570);
    const page = await client.value.customers({
      project: cdnow,
      model: fit.id,
      rfmSegment: 'Champions',
      limit: 10,
    });
    expect(page.total).toBe(rfm.segments.find((s) => s.segment === 'Champions')?.customers);
    const tiers = await client.value.tiers({ project: cdnow, model: fit.id });
    expect(tiers.cells.reduce((sum, cell) => sum + cell.customers, 0)).toBe(23_570);
    const sbg = await client.value.sbg({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241] });
    expect(sbg.alpha).toBeCloseTo(0.704, 3);
    expect((await client.value.deleteModel({ project: cdnow, model: fit.id })).models).toEqual([]);
    expect(rejected.csv.split('\n')[0]).toContain('line');
    expect((await client.overview.get({ project: cdnow })).customers).toBe(23_570);
    const churn = await client.retention.churnOverTime({ project: cdnow, period: 'quarter' });
    expect(churn).toMatchObject({ asOf: '1998-06-30', customers: 23_570 });
    expect(churn.periods[0]).toMatchObject({ period: '1997-Q1', customersAtStart: 0 });
    const cohorts = await client.retention.cohorts({ project: cdnow });
    expect(cohorts.cohorts.map((cohort) => cohort.key)).toEqual(['1997-01', '1997-02', '1997-03']);
    const history = await client.import.history({ project: cdnow });
    expect(history.imports.map((entry) => [entry.kind, entry.state, entry.undoable])).toEqual([
      ['transactions', 'active', true],
    ]);
    const steps: unknown[] = [];
    const undone = await client.import.undo(
      { project: cdnow, importId: report.importId ?? 0 },
      { onProgress: (progress) => steps.push(progress) },
    );
    expect(steps.length).toBeGreaterThan(0);
    expect(undone.imports[0]).toMatchObject({ kind: 'transactions', state: 'undone', undoable: false });
    expect(undone.datasets.find((dataset) => dataset.kind === 'transactions')?.rows ?? 0).toBe(0);
    expect((await client.overview.get({ project: cdnow })).customers).toBe(0);
  });

  it('a payload the schema rejects comes back as INVALID_REQUEST', async () => {
    const error = await failure(client.customers.page({ project: project(), offset: -1, limit: 5000 }));
    expect(error.code).toBe('INVALID_REQUEST');
  });

  it('a missing or wrong token gets 401 and runs nothing', async () => {
    const base = new URL(app.url).origin;
    const before = (await client.project.info({ project: project() })).customers;
    for (const headers of [{}, { [wire.tokenHeader]: 'not-the-token' }] as Record<string, string>[]) {
      const response = await fetch(`${base}${wire.callPath}project.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ path: join(dir, 'projects', 'sneaky.tenure') }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect((await client.project.info({ project: project() })).customers).toBe(before);
    const error = await failure(client.project.open({ path: join(dir, 'projects', 'sneaky.tenure') }));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('an uploaded file can be inspected from its staged path', async () => {
    const base = new URL(app.url).origin;
    const response = await fetch(`${base}${wire.filesPath}`, {
      method: 'POST',
      headers: {
        [wire.tokenHeader]: app.bridge.token,
        [wire.fileNameHeader]: encodeURIComponent('telco copy.csv'),
      },
      body: readFileSync(telcoCsv),
    });
    const staged = (await response.json()) as { ok: true; value: { path: string } };
    expect(staged.ok).toBe(true);
    const inspected = await client.import.inspect({ path: staged.value.path });
    expect(inspected.file.name).toBe('telco copy.csv');
    expect(inspected.columns).toHaveLength(21);
  });

  it('covered every channel of the contract', () => {
    expect([...covered].sort()).toEqual([...channelNames].sort());
  });
});
