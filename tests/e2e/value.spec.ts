/**
 * The Value section against the REAL services (browser mode, built out/). On the CDNOW 1/10 sample
 * (2,357 customers, Fader, Hardie & Lee 2005) imported through the bridge: RFM with its 11 segments and
 * grid, the drill-down to a segment's customers (first without a fit, then with one), a BG/NBD fit with
 * calibration to 1997-09-30 in weeks showing the published estimates to 3 s.f., its hold-out and
 * tracking charts, the customer value list sorted by CLV and its CLV following a new margin. On the
 * telco sample: the sBG model's α and β, and on pasted survivor series Fader & Hardie's (2007) fits.
 * Screenshots go to tests/output/value-*.png.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBrowserMode, type RunningBrowserMode } from './support/browser-mode';
import {
  callBridge,
  expectCleanPage,
  goToSection,
  importTelcoProject,
  openSection,
} from './support/sections';

const shots = 'tests/output';
let tenure: RunningBrowserMode;
let cdnow: string;
let telco: string;

test.use({ locale: 'en-US', timezoneId: 'UTC', reducedMotion: 'reduce', acceptDownloads: true });
test.describe.configure({ mode: 'serial' });

const call = <T>(channel: string, request: unknown) => callBridge<T>(tenure, channel, request);
const threeFigures = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function shot(page: Page, name: string, height = 900) {
  if (height !== 900) await page.setViewportSize({ width: 1400, height });
  await page.screenshot({ path: `${shots}/value-${name}.png`, fullPage: height !== 900 });
  if (height !== 900) await page.setViewportSize({ width: 1400, height: 900 });
}

/** The CDNOW 1/10 sample's transactions (the customers of tests/golden/btyd/cdnow-sample-map.csv). */
function writeCdnowSample(): string {
  const lines = (path: string) => readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean);
  const sample = new Set(
    lines('tests/golden/btyd/cdnow-sample-map.csv')
      .slice(1)
      .map((line) => line.split(',')[0]),
  );
  const all = lines('resources/samples/cdnow_transactions.csv');
  const kept = all.slice(1).filter((line) => sample.has(line.split(',')[0]));
  const path = join(mkdtempSync(join(tmpdir(), 'tenure-cdnow-')), 'cdnow_sample.csv');
  writeFileSync(path, `${all[0]}\n${kept.join('\n')}\n`);
  return path;
}

interface Customers {
  total: number;
  customers: { customerId: string; clv: number | null }[];
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  tenure = await startBrowserMode();
  cdnow = join(tenure.projectsDir, 'CDNOW sample.tenure');
  await call('project.create', { path: cdnow, name: 'CDNOW sample' });
  const report = await call<{ imported: number }>('import.run', {
    project: cdnow,
    path: writeCdnowSample(),
    kind: 'transactions',
    mode: 'append',
    mapping: { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' },
  });
  expect(report.imported).toBeGreaterThan(6_000);
  telco = (await importTelcoProject(tenure, 'Telco')).project;
});

test.afterAll(async () => {
  await tenure?.stop();
});

test('RFM, drill-down, a BG/NBD fit with the published estimates, and customer values (CDNOW sample)', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const watch = await openSection(page, tenure, cdnow, 'RFM');

  // RFM: scored on arrival; the 11 segments in the table and the 5×5 grid.
  const segments = page.getByTestId('rfm-segments');
  await expect(segments.locator('tbody tr')).toHaveCount(11, { timeout: 60_000 });
  await expect(page.getByTestId('rfm-summary')).toContainText('2,357 customers as of 1998-06-30');
  await expect(page.getByTestId('rfm-grid').getByRole('img')).toHaveAttribute('aria-label', /2357 customers/);
  await expect(page.getByTestId('rfm-method').locator('li').first()).toBeVisible();
  const rfm = await call<{ segments: { segment: string; customers: number }[] }>('value.rfm', {
    project: cdnow,
  });
  const championsCount = rfm.segments.find((s) => s.segment === 'Champions')!.customers;
  await expect(segments.getByRole('row', { name: /^Champions/ })).toContainText(
    championsCount.toLocaleString('en-US'),
  );
  await shot(page, 'rfm', 1500);

  // Drill-down without a fit: the segment is remembered and the Fit call to action is offered.
  await segments.getByRole('button', { name: 'Champions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customer value' })).toBeVisible();
  await expect(page.getByText('Fit a model to see per-customer values')).toBeVisible();
  await expect(page.locator('.empty-state')).toContainText('Champions');
  await page.getByRole('button', { name: 'Fit a purchase model' }).click();

  // Purchase model: BG/NBD, calibration to 1997-09-30 in weeks.
  await expect(page.getByRole('heading', { level: 1, name: 'Purchase model' })).toBeVisible();
  await expect(page.getByText('Nothing fitted yet')).toBeVisible();
  await page.getByTestId('fit-model').selectOption('bgnbd');
  await page.getByTestId('fit-calibration-end').fill('1997-09-30');
  await expect(page.getByTestId('fit-unit')).toHaveValue('week');
  await page.getByTestId('fit-run').click();
  await expect(page.getByTestId('fit-result')).toBeVisible({ timeout: 120_000 });
  // Fader, Hardie & Lee (2005): r = 0.2426, α = 4.414, a = 0.793, b = 2.426.
  await expect(page.getByTestId('fit-params-r')).toHaveText('0.243');
  await expect(page.getByTestId('fit-params-alpha')).toHaveText('4.41');
  await expect(page.getByTestId('fit-params-a')).toHaveText('0.793');
  await expect(page.getByTestId('fit-params-b')).toHaveText('2.43');
  // Log-likelihood −9582.4 (to 0.1).
  await expect(page.getByTestId('fit-params-loglik')).toHaveText(/^-9,582\.4\d?$/);
  await expect(page.getByTestId('fit-summary-notes').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('value-holdout-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('value-tracking-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('value-palive-grid').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('value-saved-fits').locator('tbody tr')).toHaveCount(1);
  await shot(page, 'fit', 3200);

  // Customer value: the drill-down's segment, sorted by CLV (highest first), as the bridge answers.
  await goToSection(page, 'Customer value');
  const fitId = (await call<{ models: { id: number }[] }>('value.models', { project: cdnow })).models[0]!.id;
  const query = { project: cdnow, model: fitId, sort: 'clv', direction: 'desc', limit: 5 };
  const champs = await call<Customers>('value.customers', { ...query, rfmSegment: 'Champions' });
  await expect(page.getByTestId('value-filter-segment')).toHaveValue('Champions');
  await expect(page.getByTestId('value-count')).toHaveText(
    `${champs.total.toLocaleString('en-US')} customers`,
  );
  const table = page.getByRole('table', { name: /Customer values of/ });
  const cell = (row: number, column: number) =>
    table
      .getByRole('row')
      .nth(row + 1)
      .getByRole('cell')
      .nth(column);
  await expect(cell(0, 0)).toHaveText(champs.customers[0]!.customerId);

  await page.getByTestId('value-filter-segment').selectOption('');
  const before = await call<Customers>('value.customers', query);
  await expect(page.getByTestId('value-count')).toHaveText('2,357 customers');
  await expect(cell(0, 0)).toHaveText(before.customers[0]!.customerId);
  await expect(cell(0, 1)).toHaveText(money.format(before.customers[0]!.clv!));
  const clvs: number[] = [];
  for (let row = 0; row < 5; row++) clvs.push(Number((await cell(row, 1).innerText()).replace(/,/g, '')));
  for (let row = 1; row < 5; row++) expect(clvs[row]).toBeLessThanOrEqual(clvs[row - 1]!);
  const totalBefore = (await page.getByTestId('clv-summary').innerText()).match(/total ([\d,.]+)/)![1]!;
  await shot(page, 'customers', 1700);

  // A new margin (30% → 60%) recomputes every CLV: linear in the margin, so the values double.
  await page.getByRole('textbox', { name: 'Margin (%)' }).fill('60');
  await expect(page.getByTestId('clv-summary')).toContainText('margin 60%', { timeout: 30_000 });
  const after = await call<Customers>('value.customers', query);
  expect(after.customers[0]!.clv! / before.customers[0]!.clv!).toBeCloseTo(2, 6);
  await expect(cell(0, 1)).toHaveText(money.format(after.customers[0]!.clv!));
  const totalAfter = (await page.getByTestId('clv-summary').innerText()).match(/total ([\d,.]+)/)![1]!;
  expect(Number(totalAfter.replace(/,/g, '')) / Number(totalBefore.replace(/,/g, ''))).toBeCloseTo(2, 3);
  await expect(page.getByTestId('value-tiers-no-risk')).toBeVisible();

  // Export CSV: every page, in the table's order, with the new CLV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^customer-value-.+\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(csv).toHaveLength(2_357 + 1);
  expect(csv[0]).toMatch(/^customer_id,repeat_purchases,.*,clv,clv_decile,rfm_segment,risk_tier$/);
  expect(csv[1]!.split(',')[0]).toBe(after.customers[0]!.customerId);
  expect(Number(csv[1]!.split(',')[8])).toBeCloseTo(after.customers[0]!.clv!, 6);

  // Drill-down with a fit: RFM's "At risk" lists exactly that segment's customers.
  await goToSection(page, 'RFM');
  await segments.getByRole('button', { name: 'At risk' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customer value' })).toBeVisible();
  const atRisk = await call<Customers>('value.customers', { ...query, rfmSegment: 'At risk' });
  await expect(page.getByTestId('value-filter-segment')).toHaveValue('At risk');
  await expect(page.getByTestId('value-count')).toHaveText(
    `${atRisk.total.toLocaleString('en-US')} customers`,
  );
  await expect(cell(0, 0)).toHaveText(atRisk.customers[0]!.customerId);

  // A click on the grid drills down too: the top-right cell (R 5, F 5) is Champions. The plot area is
  // the chart less its margins (left 80, right 190, top 84, bottom 56 px; value-charts.ts).
  await goToSection(page, 'RFM');
  const grid = page.getByTestId('rfm-grid').getByRole('img');
  const box = (await grid.boundingBox())!;
  await grid.click({
    position: { x: 80 + ((box.width - 270) * 9) / 10, y: 84 + (box.height - 140) / 10 },
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Customer value' })).toBeVisible();
  await expect(page.getByTestId('value-filter-segment')).toHaveValue('Champions');

  // Deleting the fit (after a confirmation) leaves nothing fitted, and Customer value asks for a fit.
  await goToSection(page, 'Purchase model');
  const saved = page.getByTestId('value-saved-fits');
  await saved.getByRole('button', { name: /^Delete / }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this fit?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Nothing fitted yet')).toBeVisible();
  expect((await call<{ models: unknown[] }>('value.models', { project: cdnow })).models).toEqual([]);
  await goToSection(page, 'Customer value');
  await expect(page.getByText('Fit a model to see per-customer values')).toBeVisible();

  // A fit followed by an import is "not current".
  await call('value.fit', { project: cdnow, calibrationEnd: '1997-09-30', name: 'Before the late order' });
  const late = join(mkdtempSync(join(tmpdir(), 'tenure-late-')), 'late.csv');
  writeFileSync(late, 'customer_id,date,quantity,amount\n00004,1998-06-30,1,10.00\n');
  await call('import.run', {
    project: cdnow,
    path: late,
    kind: 'transactions',
    mode: 'append',
    mapping: { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' },
  });
  await page.reload();
  await goToSection(page, 'Purchase model');
  await expect(
    page.getByTestId('value-saved-fits').getByRole('row', { name: /Before the late order/ }),
  ).toContainText('not current');
  await expectCleanPage(watch);
});

test('subscription retention (sBG) on the telco sample and on a pasted survivor series', async ({ page }) => {
  test.setTimeout(120_000);
  const watch = await openSection(page, tenure, telco, 'Subscription retention');
  const sbg = await call<{ alpha: number; beta: number }>('value.sbg', { project: telco, period: 'month' });
  await expect(page.getByTestId('sbg-alpha')).toHaveText(threeFigures.format(sbg.alpha), { timeout: 30_000 });
  await expect(page.getByTestId('sbg-beta')).toHaveText(threeFigures.format(sbg.beta));
  await expect(page.getByTestId('sbg-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('sbg-retention').locator('tbody tr').first()).toBeVisible();
  await shot(page, 'sbg', 1600);

  // Fader & Hardie (2007): the example series ("regular" customers) gives α = 0.704, β = 1.182; the
  // "high end" series α = 0.668, β = 3.806.
  await page.getByRole('radio', { name: 'A survivor series' }).check();
  await expect(page.getByTestId('sbg-alpha')).toHaveText('0.704');
  await expect(page.getByTestId('sbg-beta')).toHaveText('1.18');
  await page.getByTestId('sbg-series').fill('1000 869 743 653 593 551 517 491');
  await expect(page.getByTestId('sbg-alpha')).toHaveText('0.668');
  await expect(page.getByTestId('sbg-beta')).toHaveText('3.81');
  await page.getByTestId('sbg-series').fill('1000 631 700');
  await expect(page.getByText('Survivors cannot grow')).toBeVisible();
  // No stale fit next to invalid numbers.
  await expect(page.getByTestId('sbg-alpha')).toHaveCount(0);
  await shot(page, 'sbg-series');

  // A project without transactions: RFM says what to import.
  await goToSection(page, 'RFM');
  await expect(page.getByRole('heading', { name: 'No transactions to score' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('button', { name: 'Import data' })).toBeVisible();
  await shot(page, 'rfm-empty');
  await expectCleanPage(watch);
});
