import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, type ChannelName } from '@shared/contract';
import type { AppEnvironment } from '../../src-main/app/environment';
import { runCli } from './cli-harness';
import { run } from '../../src-main/transports/cli/run';
import { root, testEnvironment } from './real-services';
import { cdnowCsv, telcoCsv } from '../support/datasets';

/**
 * The CLI against the real services: the friendly commands of the issue, and `tenure call` on every
 * channel of the contract. In-process (run(argv, io)) for speed, plus the real entry point in a child
 * process for exit codes, stdout/stderr and Ctrl-C.
 */
let environment: AppEnvironment;
let dir: string;
const covered = new Set<ChannelName>();

beforeAll(() => {
  ({ environment, dir } = testEnvironment('cli'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[], stdin?: string) =>
  runCli(argv, { environment, cwd: dir, ...(stdin === undefined ? {} : { stdin }) });

async function call<T = Record<string, unknown>>(channel: ChannelName, request: unknown): Promise<T> {
  covered.add(channel);
  const outcome = await cli(['call', channel, JSON.stringify(request)]);
  if (outcome.code !== 0) throw new Error(`tenure call ${channel} exited ${outcome.code}: ${outcome.stderr}`);
  return outcome.json<T>();
}

describe('tenure friendly commands (real services)', () => {
  it('new, import (the issue\'s "done when"), overview', async () => {
    const created = await cli(['new', 't.tenure']);
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({ path: join(dir, 't.tenure'), customers: 0 });

    const imported = await cli([
      'import',
      't.tenure',
      telcoCsv,
      '--kind',
      'customers',
      '--map',
      'id=customer_id',
      '--map',
      'churned=Churn',
    ]);
    expect(imported.code).toBe(0);
    const summary = imported.json<{
      imported: number;
      rejectedCount: number;
      rejected: unknown[];
      columns: { name: string; role: string; type: string }[];
    }>();
    expect(summary).toMatchObject({ imported: 7043, rejectedCount: 0, rejected: [], dryRun: false });
    expect(summary.columns).toHaveLength(21);
    expect(summary.columns.find((column) => column.name === 'Churn')).toEqual({
      name: 'Churn',
      type: 'boolean',
      role: 'churned',
    });
    expect(summary.columns.find((column) => column.name === 'customer_id')?.role).toBe('id');

    const overview = await cli(['overview', 't.tenure']);
    expect(overview.code).toBe(0);
    expect(overview.json()).toMatchObject({ customers: 7043, churned: 1869 });
  });

  it('import without --map id uses the suggested id column and says so on stderr; --dry-run changes nothing', async () => {
    expect((await cli(['new', 'dry.tenure', '--name', 'Dry'])).code).toBe(0);
    const outcome = await cli([
      'import',
      'dry.tenure',
      telcoCsv,
      '--kind',
      'customers',
      '--map',
      'churned=Churn',
      '--dry-run',
    ]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain('using column "customer_id" as the customer id');
    expect(outcome.json()).toMatchObject({ imported: 7043, dryRun: true });
    expect((await cli(['overview', 'dry.tenure'])).json()).toMatchObject({ customers: 0 });
  });

  it('reports application errors with exit 1 and a clear message', async () => {
    const again = await cli(['new', 't.tenure']);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^tenure: .*t\.tenure/);
    const missing = await cli(['import', 't.tenure', 'no-such-file.csv', '--kind', 'customers']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('tenure: ');
    const badMap = await cli(['import', 't.tenure', telcoCsv, '--kind', 'customers', '--map', 'id=nope']);
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toContain('nope');
  });
});

describe('tenure call reaches every channel (real services)', () => {
  const project = () => join(dir, 'calls.tenure');

  it('runs the whole flow through `tenure call`', async () => {
    expect(await call('app.info', {})).toMatchObject({ mode: 'cli', projectsDir: join(dir, 'projects') });
    expect((await call<{ samples: unknown[] }>('app.samples', {})).samples.length).toBeGreaterThan(0);
    expect(await call('project.create', { path: project() })).toMatchObject({ customers: 0 });
    const inspected = await call<{ columns: unknown[] }>('import.inspect', { path: telcoCsv });
    expect(inspected.columns).toHaveLength(21);
    // The request from stdin ("-").
    covered.add('import.run');
    const run = await cli(
      ['call', 'import.run', '-'],
      JSON.stringify({
        project: project(),
        path: telcoCsv,
        kind: 'customers',
        mapping: { id: 'customer_id', churned: 'Churn' },
      }),
    );
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ imported: 7043, rejectedCount: 0 });
    expect(await call('project.open', { path: project() })).toMatchObject({ customers: 7043 });
    expect(await call('project.info', { project: project() })).toMatchObject({ customers: 7043 });
    const recent = await call<{ projects: { path: string }[] }>('project.recent', {});
    expect(recent.projects.map((entry) => entry.path)).toContain(project());
    const forgotten = await call<{ projects: { path: string }[] }>('project.forget', { path: project() });
    expect(forgotten.projects.map((entry) => entry.path)).not.toContain(project());
    const { columns } = await call<{ columns: { key: string; name: string }[] }>('customers.columns', {
      project: project(),
    });
    expect(columns).toHaveLength(21);
    const gender = columns.find((column) => column.name === 'gender');
    const genders = await call<{ values: { value: string; count: number }[] }>('customers.values', {
      project: project(),
      key: gender?.key,
    });
    expect(genders.values).toEqual([
      { value: 'Male', count: 3555 },
      { value: 'Female', count: 3488 },
    ]);
    const page = await call<{ total: number; rows: unknown[] }>('customers.page', {
      project: project(),
      offset: 7040,
      limit: 10,
    });
    expect(page).toMatchObject({ total: 7043 });
    expect(page.rows).toHaveLength(3);
    const overview = await call<{ churned: number; attributes: { key: string; name: string }[] }>(
      'overview.get',
      { project: project() },
    );
    expect(overview.churned).toBe(1869);
    const genderAttribute = overview.attributes.find((attribute) => attribute.name === 'gender');
    const byGender = await call<{ groups: { customers: number }[] }>('overview.churnBy', {
      project: project(),
      key: genderAttribute?.key,
    });
    expect(byGender.groups.reduce((sum, group) => sum + group.customers, 0)).toBe(7043);
    const definition = await call<{ churned: number; applied: { summary: string } }>('churn.definition', {
      project: project(),
    });
    expect(definition.churned).toBe(1869);
    expect(definition.applied.summary).toBe(`Churned = the customer table's column "Churn" says so ("Yes").`);
    const saved = await call<{ setting: unknown }>('churn.setDefinition', {
      project: project(),
      setting: { definition: { kind: 'flag' }, asOf: null },
    });
    expect(saved.setting).toEqual({ definition: { kind: 'flag' }, asOf: null });
    const report = await call<{ datasets: { rows: number }[] }>('quality.report', { project: project() });
    expect(report.datasets.map((dataset) => dataset.rows)).toEqual([7043]);
    const drivers = await call<{ drivers: { name: string; rank: number }[] }>('drivers.list', {
      project: project(),
    });
    expect(drivers.drivers.find((driver) => driver.name === 'Contract')?.rank).toBeLessThanOrEqual(3);
    // Telco has no dates: both retention channels answer NOT_AVAILABLE (exit 1) with the reason.
    for (const channel of ['retention.churnOverTime', 'retention.cohorts'] as const) {
      covered.add(channel);
      const refused = await cli(['call', channel, JSON.stringify({ project: project() })]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/need dates|needs transactions/);
    }

    // A dry run with rejected rows, the rejected rows as CSV, then the history and an undo.
    const rejections = join(root, 'tests/fixtures/customers/rejections.csv');
    const dry = await call<{ rejectedCount: number; rejectedCsv: string }>('import.run', {
      project: project(),
      path: rejections,
      kind: 'customers',
      mapping: { id: 'id', churned: 'churned' },
      mode: 'append',
      dryRun: true,
    });
    expect(dry.rejectedCount).toBeGreaterThan(0);
    const csv = await call<{ csv: string; rows: number }>('import.rejectedCsv', { id: dry.rejectedCsv });
    expect(csv.rows).toBe(dry.rejectedCount);
    expect(csv.csv).toContain('missing_id');
    const history = await call<{ imports: { id: number; undoable: boolean }[] }>('import.history', {
      project: project(),
    });
    expect(history.imports).toHaveLength(1);
    expect(history.imports[0]?.undoable).toBe(true);
    const undone = await call<{ imports: { state: string }[]; datasets: { kind: string; rows: number }[] }>(
      'import.undo',
      { project: project(), importId: history.imports[0]?.id },
    );
    expect(undone.imports[0]?.state).toBe('undone');
    expect(undone.datasets.find((dataset) => dataset.kind === 'customers')?.rows ?? 0).toBe(0);
    expect(await call('overview.get', { project: project() })).toMatchObject({ customers: 0 });
  });

  it('survival and cox by column names, and the same channels through `tenure call`', async () => {
    expect((await cli(['new', 's.tenure'])).code).toBe(0);
    const imported = await cli([
      'import',
      's.tenure',
      telcoCsv,
      '--kind',
      'customers',
      '--map',
      'id=customer_id',
      '--map',
      'churned=Churn',
      '--map',
      'tenure=tenure',
      '--tenure-unit',
      'months',
    ]);
    expect(imported.code).toBe(0);
    const curves = await cli(['survival', 's.tenure', '--by', 'contract', '--conf', 'log-log']);
    expect(curves.code).toBe(0);
    const km = curves.json<{
      groups: { key: string; n: number; median: { value: number | null } }[];
      logRank: { df: number };
    }>();
    // R: survfit(Surv(tenure, Churn == "Yes") ~ Contract) — Month-to-month has median 35 months.
    expect(km.groups.find((group) => group.key === 'Month-to-month')).toMatchObject({
      n: 3875,
      median: { value: 35 },
    });
    expect(km.logRank.df).toBe(2);
    const model = await cli([
      'cox',
      's.tenure',
      '--covariates',
      'Contract,MonthlyCharges',
      '--ties',
      'breslow',
    ]);
    expect(model.code).toBe(0);
    expect(model.json<{ coefficients: { term: string }[] }>().coefficients.map((row) => row.term)).toEqual([
      'ContractOne year',
      'ContractTwo year',
      'MonthlyCharges',
    ]);
    expect((await cli(['survival', 's.tenure', '--by', 'Nope'])).code).toBe(2);
    expect((await cli(['cox', 's.tenure'])).code).toBe(2);
    const project = join(dir, 's.tenure');
    const all = await call<{ groups: { n: number; events: number }[] }>('survival.km', {
      project,
      unit: 'days',
    });
    expect(all.groups[0]).toMatchObject({ n: 7043, events: 1869 });
    const { columns } = await call<{ columns: { key: string; name: string }[] }>('customers.columns', {
      project,
    });
    const charges = columns.find((column) => column.name === 'MonthlyCharges')?.key;
    expect(await call('survival.cox', { project, covariates: [charges] })).toMatchObject({ n: 7043 });
  });

  it('train, score and models (the risk channels), and the same channels through `tenure call`', async () => {
    // s.tenure: telco imported with its tenure column by the test above.
    const project = join(dir, 's.tenure');
    const features = await call<{
      features: { name: string }[];
      excluded: { name: string; reason: string }[];
    }>('risk.features', { project });
    expect(features.excluded.find((entry) => entry.name === 'Churn')?.reason).toMatch(/target/);
    const trained = await cli([
      'train',
      's.tenure',
      '--model',
      'logistic',
      '--features',
      'Contract,tenure,MonthlyCharges',
      '--folds',
      '3',
      '--name',
      'small',
    ]);
    expect(trained.code).toBe(0);
    const metrics = trained.json<{
      model: string;
      folds: { auc: number; n: number }[];
      auc: { mean: number };
    }>();
    expect(metrics.model).toBe('logistic');
    expect(metrics.folds.map((fold) => fold.n).reduce((a, b) => a + b, 0)).toBe(7043);
    expect(metrics.auc.mean).toBeGreaterThan(0.75);
    expect(trained.stderr).toMatch(/Saved the model "small"/);
    expect((await cli(['train', 's.tenure', '--model', 'forest'])).code).toBe(2);
    const trees = await cli([
      'train',
      's.tenure',
      '--model',
      'gbt',
      '--features',
      'Contract,tenure',
      '--folds',
      '3',
      '--max-iter',
      '20',
      '--name',
      'trees',
    ]);
    expect(trees.code).toBe(0);
    expect(
      trees
        .json<{ importance: { feature: string }[] }>()
        .importance.map((row) => row.feature)
        .sort(),
    ).toEqual(['Contract', 'tenure']);
    expect(
      (await call<{ models: unknown[] }>('risk.deleteModel', { project, model: 'trees' })).models,
    ).toHaveLength(1);

    const out = join(dir, 'scores.csv');
    const scored = await cli(['score', 's.tenure', '--model', 'small', '--out', 'scores.csv']);
    expect(scored.code).toBe(0);
    const result = scored.json<{ customers: number; tiers: { tier: string; customers: number }[] }>();
    expect(result.customers).toBe(7043 - 1869);
    expect(result.tiers.reduce((sum, tier) => sum + tier.customers, 0)).toBe(5174);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('customer_id,score,tier,value,reason_1,reason_2,reason_3');
    expect(lines).toHaveLength(5174 + 2); // header, rows, and the empty string after the last CRLF
    expect(lines[1]).toMatch(/,high,,/);

    const models = await cli(['models', 's.tenure']);
    expect(models.code).toBe(0);
    expect(models.json<{ models: { name: string; scoredCustomers: number }[] }>().models).toEqual([
      expect.objectContaining({ name: 'small', scoredCustomers: 5174 }),
    ]);
    const trainedByCall = await call<{ modelId: number }>('risk.train', {
      project,
      model: 'logistic',
      features: ['Contract'],
      name: 'by call',
    });
    await call('risk.score', { project, model: trainedByCall.modelId });
    const page = await call<{ total: number; customers: { tier: string }[] }>('risk.scores', {
      project,
      model: 'by call',
      tier: 'high',
      limit: 5,
    });
    expect(page.customers.every((row) => row.tier === 'high')).toBe(true);
    const tiers = await call<{ tiers: { tier: string; customers: number }[]; valueBasis: string }>(
      'risk.tiers',
      {
        project,
        model: 'by call',
      },
    );
    expect(tiers.valueBasis).toBe('none');
    expect(tiers.tiers.map((tier) => tier.tier)).toEqual(['low', 'medium', 'high']);
    await call('risk.models', { project });
    const full = await call<{ name: string; curves: { roc: unknown[] }; current: boolean }>('risk.model', {
      project,
      model: 'by call',
    });
    expect(full).toMatchObject({ name: 'by call', current: true });
    expect(full.curves.roc.length).toBeGreaterThan(2);
    const xlsx = await call<{ rows: number; base64: string }>('risk.exportScores', {
      project,
      model: 'by call',
      tier: 'high',
    });
    expect(xlsx.rows).toBe(tiers.tiers.find((tier) => tier.tier === 'high')?.customers);
    expect(Buffer.from(xlsx.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    // 3 folds against 5: side by side, not paired.
    const compared = await call<{ comparable: boolean; reasons: string[]; models: { name: string }[] }>(
      'risk.compare',
      { project, models: ['small', 'by call'] },
    );
    expect(compared.models.map((model) => model.name)).toEqual(['small', 'by call']);
    expect(compared.comparable).toBe(false);
    expect(compared.reasons.join(' ')).toMatch(/different numbers of folds/);
    const left = await call<{ models: { name: string }[] }>('risk.deleteModel', {
      project,
      model: 'by call',
    });
    expect(left.models.map((model) => model.name)).toEqual(['small']);
  });

  it('rfm, btyd, clv, gamma-gamma and sbg (the value channels), and the same channels through `tenure call`', async () => {
    // The first 3,000 purchases of the CDNOW log: a quick project with repeat buyers.
    const lines = readFileSync(cdnowCsv, 'utf8').split('\n').slice(0, 3001);
    const csv = join(dir, 'cdnow-head.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const project = join(dir, 'value.tenure');
    expect((await cli(['new', project])).code).toBe(0);
    const imported = await cli([
      'import',
      project,
      csv,
      '--kind',
      'transactions',
      '--map',
      'customer=customer_id',
      '--map',
      'date=date',
      '--map',
      'amount=amount',
    ]);
    expect(imported.code).toBe(0);

    const rfm = await cli(['rfm', project]);
    expect(rfm.code).toBe(0);
    expect(rfm.json<{ segments: unknown[] }>().segments).toHaveLength(11);
    const btyd = await cli(['btyd', project, '--model', 'bgnbd', '--predictions']);
    expect(btyd.code).toBe(0);
    const fitted = btyd.json<{ params: Record<string, number>; predictions: { pAlive: number }[] }>();
    expect(Object.keys(fitted.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(fitted.predictions.every((p) => p.pAlive > 0 && p.pAlive <= 1)).toBe(true);
    const gg = await cli(['gamma-gamma', project]);
    expect(Object.keys(gg.json<{ params: Record<string, number> }>().params)).toEqual(['p', 'q', 'gamma']);
    const clv = await cli(['clv', project, '--margin', '0.2', '--horizon', '6']);
    expect(clv.json()).toMatchObject({ margin: 0.2, horizonMonths: 6 });
    const sbg = await cli(['sbg', '--survivors', '1000,631,468,382,326,289,262,241']);
    expect(sbg.json<{ projected: number[] }>().projected.slice(0, 2)).toEqual([1, expect.closeTo(0.631, 1)]);

    for (const channel of ['value.rfm', 'value.sbg'] as const)
      await call(channel, channel === 'value.rfm' ? { project } : { survivors: [100, 60, 45, 40] });
    const fit = await call<{ id: number; name: string }>('value.fit', { project, model: 'pareto' });
    await call('value.models', { project });
    await call('value.model', { project, model: fit.name });
    await call('value.clv', {
      project,
      model: fit.id,
      clv: { margin: 0.3, discount: 0.1, horizonMonths: 12 },
    });
    const page = await call<{ total: number }>('value.customers', { project, model: fit.id, limit: 5 });
    expect(page.total).toBeGreaterThan(0);
    await call('value.tiers', { project, model: fit.id });
    const left = await call<{ models: unknown[] }>('value.deleteModel', { project, model: fit.id });
    expect(left.models).toHaveLength(3);
  });

  it('rejects a payload its schema refuses with exit 1 and INVALID_REQUEST', async () => {
    const outcome = await cli([
      'call',
      'customers.page',
      JSON.stringify({ project: project(), offset: 0, limit: 0 }),
    ]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^tenure: Invalid request for customers\.page: limit/);
  });

  it('covered every channel of the contract', () => {
    expect([...covered].sort()).toEqual([...channelNames].sort());
  });
});

describe('tenure serve (real services)', () => {
  it('serves the project in browser mode, prints its address as JSON, and stops on Ctrl-C', async () => {
    expect((await cli(['new', 'serve.tenure'])).code).toBe(0);
    const controller = new AbortController();
    let stdout = '';
    let stderr = '';
    let printed: () => void = () => {};
    const addressPrinted = new Promise<void>((resolve) => (printed = resolve));
    const running = run(['serve', 'serve.tenure', '--no-open', '--port', '0'], {
      environment,
      cwd: dir,
      signal: controller.signal,
      stdin: Readable.from([]),
      stdout: {
        write: (text: string) => {
          stdout += text;
          printed();
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
    });
    await Promise.race([
      addressPrinted,
      running.then((code) => Promise.reject(new Error(`serve ended with ${code}: ${stderr}`))),
    ]);
    const { url, project } = JSON.parse(stdout) as { url: string; project: string };
    expect(project).toBe(join(dir, 'serve.tenure'));
    const address = new URL(url);
    const fragment = new URLSearchParams(address.hash.slice(1));
    expect(fragment.get('project')).toBe(join(dir, 'serve.tenure'));
    expect(stderr).toContain(url);
    const response = await fetch(`${address.origin}/api/call/project.info`, {
      method: 'POST',
      headers: { 'x-tenure-token': fragment.get('token') ?? '' },
      body: JSON.stringify({ project }),
    });
    expect(await response.json()).toMatchObject({ ok: true, value: { path: project, customers: 0 } });
    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${address.origin}/`)).rejects.toThrow();
  });

  it('fails with exit 1 before serving when the project cannot be opened', async () => {
    const outcome = await cli(['serve', 'nothing-here.tenure', '--no-open']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/^tenure: .*nothing-here\.tenure/);
  });
});

describe('the tenure entry point as a process', () => {
  // Run from another folder, tsx is found by absolute URL and told where the tsconfig (with @shared) is.
  const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
  const entry = ['--import', tsx, join(root, 'src-main', 'transports', 'cli', 'main.ts')];
  const env = () => ({
    ...process.env,
    TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
    TENURE_DATA_DIR: join(dir, 'data'),
    TENURE_PROJECTS_DIR: join(dir, 'projects'),
  });

  // cwd is the repository: the source worker's tsx bootstrap resolves 'tsx' from the working directory.
  it('prints JSON on stdout with exit 0, usage errors with exit 2, application errors with exit 1', () => {
    const ok = spawnSync(process.execPath, [...entry, 'call', 'app.info'], {
      cwd: root,
      env: env(),
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ name: 'Tenure', mode: 'cli' });
    const usage = spawnSync(process.execPath, [...entry, 'import'], {
      cwd: root,
      env: env(),
      encoding: 'utf8',
    });
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
    const error = spawnSync(process.execPath, [...entry, 'overview', join(dir, 'missing.tenure')], {
      cwd: root,
      env: env(),
      encoding: 'utf8',
    });
    expect(error.status).toBe(1);
    expect(error.stdout).toBe('');
    expect(error.stderr).toMatch(/^tenure: /);
  });

  it('Ctrl-C cancels a running import: exit 130 and the project unchanged', async () => {
    // A customer table big enough to take several seconds to import.
    const big = join(dir, 'big.csv');
    const out = createWriteStream(big);
    out.write('id,plan,churned\n');
    for (let i = 0; i < 400_000; i++) out.write(`c${i},plan${i % 7},${i % 4 === 0 ? 'yes' : 'no'}\n`);
    out.end();
    await once(out, 'finish');
    expect((await cli(['new', 'cancel.tenure'])).code).toBe(0);

    const child = spawn(
      process.execPath,
      [
        ...entry,
        'import',
        join(dir, 'cancel.tenure'),
        big,
        '--kind',
        'customers',
        '--map',
        'id=id',
        '--map',
        'churned=churned',
      ],
      { cwd: root, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null]>;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    child.kill('SIGINT');
    const [code] = await exited;
    expect(stdout).toBe('');
    expect(stderr).toContain('tenure: cancelled.');
    expect(code).toBe(130);
    expect((await cli(['overview', 'cancel.tenure'])).json()).toMatchObject({ customers: 0 });
  });
});
