/**
 * Churn over time and cohorts against the REAL services (browser mode, built out/):
 * (1) the CDNOW purchase log imported through the bridge: the KPI header checked against the channel's own
 *     response, the customers chart with its incomplete month, the reconciliation table, the CSV export;
 *     the cohorts heatmap and average curve (monthly, then weekly: a large matrix that must stay readable);
 * (2) a subscriptions project written by the test (300 customers over two years: upgrades, downgrades,
 *     add-ons, cancellations and returns, deterministic): MRR-movement bars, the revenue rows of the
 *     reconciliation table, and revenue cohorts.
 * Screenshots go to tests/output/e2e/retention-churn/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import type { ChurnOverTimeResponse, CohortsResponse } from '@shared/contract/retention';
import { startBrowserMode, type RunningBrowserMode } from './support/browser-mode';
import { callBridge, expectCleanPage, goToSection, openSection } from './support/sections';

const shots = 'tests/output/e2e/retention-churn';
const cdnowCsv = join(import.meta.dirname, '..', '..', 'resources', 'samples', 'cdnow_transactions.csv');
let tenure: RunningBrowserMode;
let cdnow: string;
let saas: string;

test.use({ locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true });
test.describe.configure({ mode: 'serial' });

// Types only (erased at run time): the contract's zod schemas are the one definition of these shapes.
type ChurnOverTime = ChurnOverTimeResponse;
type Cohorts = CohortsResponse;

const share = (value: number) => `${(value * 100).toFixed(1)}%`;
const count = (value: number) => value.toLocaleString('en-US');
const points = (change: number) => {
  const rounded = Math.round(change * 1000) / 10;
  const text = Math.abs(rounded).toFixed(1);
  return rounded === 0 ? `±${text} pp` : `${rounded > 0 ? '+' : '−'}${text} pp`;
};

/** A screenshot of one element, with the window tall enough for all of it (the page scrolls inside). */
async function elementShot(page: Page, testId: string, name: string) {
  await page.setViewportSize({ width: 1400, height: 3000 });
  await page.getByTestId(testId).screenshot({ path: `${shots}/${name}.png` });
  await page.setViewportSize({ width: 1400, height: 900 });
}

const open = (page: Page, project: string, section: string) => openSection(page, tenure, project, section);

const goTo = goToSection;
const clean = expectCleanPage;

const call = <T>(channel: string, request: unknown) => callBridge<T>(tenure, channel, request);

/** A screenshot; `whole` makes the window tall enough for the page's own scrolling area first. */
async function shot(page: Page, name: string, whole = false) {
  if (whole) await page.setViewportSize({ width: 1400, height: 3000 });
  await page.screenshot({ path: `${shots}/${name}.png` });
  if (whole) await page.setViewportSize({ width: 1400, height: 900 });
}

async function downloadText(download: Download): Promise<string> {
  return readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
}

/** A small deterministic random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * 300 customers subscribing between January 2023 and mid-December 2024 (as of 2024-12-15, so December
 * is incomplete): plans at 29, 79 and 199 EUR a month and one at 990 EUR a year; about a third change plan once (up or down), a tenth add
 * a 15 EUR add-on, a third cancel, and a third of those come back 20–200 days later.
 */
function writeSubscriptions(dir: string): string {
  const next = random(20240601);
  const first = Date.UTC(2023, 0, 1);
  const asOf = Date.UTC(2024, 11, 15);
  const plans: [string, number][] = [
    ['basic', 29],
    ['pro', 79],
    ['team', 199],
  ];
  const annual: [string, number] = ['annual', 990];
  const lines = ['customer,plan,start,end,mrr,interval,currency'];
  const add = (id: string, plan: [string, number], start: number, end: number | null) => {
    if (start >= asOf) return;
    const ended = end !== null && end < asOf ? iso(end) : '';
    lines.push(
      `${id},${plan[0]},${iso(start)},${ended},${plan[1]},${plan === annual ? 'year' : 'month'},EUR`,
    );
  };
  for (let i = 1; i <= 300; i++) {
    const id = `S${String(i).padStart(4, '0')}`;
    let start = first + Math.floor(next() * 650) * day;
    const pick = plans[Math.floor(next() * 3)]!;
    // Every twelfth customer pays yearly (990 EUR a year, 82.50 a month once divided by 12).
    let plan = i % 12 === 0 ? annual : pick;
    if (next() < 0.33) {
      // A change of plan: the first subscription ends the day the next one starts.
      const change = start + Math.floor(30 + next() * 300) * day;
      const other = plans[(plans.indexOf(plan) + (next() < 0.6 ? 1 : 2)) % 3]!;
      add(id, plan, start, change);
      start = change;
      plan = other;
    }
    if (next() < 0.1) {
      const addOn = start + Math.floor(next() * 120) * day;
      add(id, ['addon', 15], addOn, next() < 0.4 ? addOn + Math.floor(40 + next() * 200) * day : null);
    }
    if (next() < 0.33) {
      const end = start + Math.floor(35 + next() * 400) * day;
      add(id, plan, start, end);
      if (next() < 0.33) add(id, plan, end + Math.floor(20 + next() * 180) * day, null);
    } else add(id, plan, start, null);
  }
  // One subscription starting on the as-of date, so that the data ends there.
  lines.push(`S0301,basic,${iso(asOf)},,29,month,EUR`);
  const path = join(dir, 'subscriptions.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  tenure = await startBrowserMode();
  cdnow = join(tenure.projectsDir, 'CDNOW.tenure');
  await call('project.create', { path: cdnow, name: 'CDNOW' });
  const report = await call<{ imported: number }>('import.run', {
    project: cdnow,
    path: cdnowCsv,
    kind: 'transactions',
    mapping: { customer: 'customer_id', date: 'date', amount: 'amount', quantity: 'quantity' },
    duplicateRows: 'keep',
  });
  expect(report.imported).toBe(69_659);

  saas = join(tenure.projectsDir, 'SaaS.tenure');
  await call('project.create', { path: saas, name: 'SaaS' });
  const file = writeSubscriptions(mkdtempSync(join(tmpdir(), 'tenure-subscriptions-')));
  const subscriptions = await call<{ imported: number; rejectedCount: number }>('import.run', {
    project: saas,
    path: file,
    kind: 'subscriptions',
    mapping: {
      customer: 'customer',
      plan: 'plan',
      start: 'start',
      end: 'end',
      mrr: 'mrr',
      interval: 'interval',
      currency: 'currency',
    },
  });
  expect(subscriptions.rejectedCount).toBe(0);
  expect(subscriptions.imported).toBeGreaterThan(300);
});

test.afterAll(async () => {
  await tenure?.stop();
});

test('CDNOW: churn over time, KPI header as the channel says, reconciliation and CSV', async ({ page }) => {
  const watch = await open(page, cdnow, 'Churn over time');
  const response = await call<ChurnOverTime>('retention.churnOverTime', { project: cdnow });
  const kpis = page.getByTestId('churn-kpis');
  await expect(kpis).toBeVisible({ timeout: 30_000 });

  // The KPI header: the latest complete month's churn rate, its change, the trailing average, customers at end.
  const latest = response.kpi.latest!;
  await expect(page.getByTestId('kpi-churn-rate')).toContainText(`Churn rate, ${latest.period}`);
  await expect(page.getByTestId('kpi-churn-rate')).toContainText(share(latest.value));
  if (response.kpi.change !== null) {
    await expect(page.getByTestId('kpi-churn-rate-change')).toContainText(
      `${points(response.kpi.change)} vs ${response.kpi.previous!.period}`,
    );
  }
  await expect(page.getByTestId('kpi-trailing-average')).toContainText(
    share(response.kpi.trailing12Average!),
  );
  const last = response.periods[response.periods.length - 1]!;
  await expect(page.getByTestId('kpi-customers-at-end')).toContainText(count(last.customersAtEnd));
  // No subscriptions: no MRR cards, no MRR chart.
  await expect(page.getByTestId('kpi-mrr-at-end')).toHaveCount(0);
  await expect(page.getByTestId('churn-mrr-chart')).toHaveCount(0);

  const chart = page.getByTestId('churn-customers-chart');
  await expect(chart.getByRole('img')).toHaveAttribute(
    'aria-label',
    /Monthly new, reactivated and churned customers/,
  );
  // CDNOW's churn is read from silence: the months after as-of − the inactivity window show none yet.
  const unseen = page.getByTestId('churn-unseen-note');
  await expect(unseen).toContainText('Recent churn cannot be seen in full yet');
  await expect(unseen).toContainText(`churn after ${response.churnKnownUntil} may still turn up`);
  if (!last.complete)
    await expect(page.getByTestId('churn-incomplete-note')).toContainText(`${last.period} is not over`);
  await shot(page, '01-cdnow-churn-over-time', true);
  await chart.screenshot({ path: `${shots}/02-cdnow-customers-chart.png` });

  // The reconciliation table: every customer-churn row, the one in use highlighted.
  const reconciliation = page.getByTestId('reconciliation-customer-churn');
  const rows = response.reconciliation.filter((row) => row.measure === 'customer-churn');
  await expect(reconciliation.locator('tbody tr')).toHaveCount(rows.length);
  const current = rows.find((row) => row.current)!;
  await expect(reconciliation.locator('tr[data-current="true"]')).toContainText(current.label);
  await elementShot(page, 'churn-reconciliation', '03-cdnow-reconciliation');

  // The period table, latest first.
  const table = page.getByTestId('churn-period-table');
  await expect(table.locator('tbody tr').first().locator('th')).toContainText(last.period);
  await expect(table.locator('tbody tr')).toHaveCount(response.periods.length);

  // The CSV export of the chart: every period column.
  const tools = page.getByRole('group', { name: 'Export Monthly customers and churn rate' });
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    tools.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const lines = (await downloadText(csv)).trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'period,start,complete,customers_at_start,new,reactivated,churned,joined_and_churned_same_period,customers_at_end,churn_rate,average_customers_churn_rate,retention_rate,daily_sum_churn_rate',
  );
  expect(lines.length).toBe(1 + response.periods.length);

  // Another convention and period: the header follows the channel again.
  await page.getByTestId('churn-period').selectOption('quarter');
  await page.getByTestId('churn-same-period').selectOption('ignored');
  const quarterly = await call<ChurnOverTime>('retention.churnOverTime', {
    project: cdnow,
    period: 'quarter',
    samePeriodChurn: 'ignored',
  });
  await expect(page.getByTestId('kpi-churn-rate')).toContainText(
    `Churn rate, ${quarterly.kpi.latest!.period}`,
  );
  await expect(page.getByTestId('kpi-churn-rate')).toContainText(share(quarterly.kpi.latest!.value));
  await expect(
    page.getByTestId('reconciliation-customer-churn').locator('tr[data-current="true"]'),
  ).toContainText('ignored');
  await shot(page, '04-cdnow-quarterly-ignored', true);

  // Weekly: about 80 periods, the latest 40 shown with a slider; the tooltip of one week.
  await page.getByTestId('churn-period').selectOption('week');
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /^Weekly new, reactivated/);
  const box = (await chart.getByRole('img').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await expect(page.locator('.chart-tip').first()).toContainText('Customers at start');
  await chart.screenshot({ path: `${shots}/04b-cdnow-weekly-chart-tooltip.png` });
  await clean(watch);
});

test('CDNOW: cohorts heatmap and average retention curve, monthly and weekly', async ({ page }) => {
  const watch = await open(page, cdnow, 'Cohorts');
  const response = await call<Cohorts>('retention.cohorts', { project: cdnow });
  const heatmap = page.getByTestId('cohort-heatmap');
  await expect(heatmap.getByRole('img')).toHaveAttribute(
    'aria-label',
    new RegExp(`Customers retained by cohort: ${response.cohorts.length} cohorts`),
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('cohort-definition-text')).toContainText(response.definitionText);
  await expect(page.getByTestId('cohort-average')).toBeVisible();
  await shot(page, '05-cdnow-cohorts-monthly', true);
  await heatmap.screenshot({ path: `${shots}/06-cdnow-heatmap-monthly.png` });

  const tools = page.getByRole('group', { name: 'Export Customers retained by cohort' });
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    tools.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const lines = (await downloadText(csv)).trim().split(/\r?\n/);
  expect(lines[0]).toBe('cohort,size,k,k_to,retained,share,complete');
  expect(lines[1]).toMatch(new RegExp(`^${response.cohorts[0]!.key},${response.cohorts[0]!.size},0,0,`));

  // Weekly: ~78 cohorts, still readable (zoom sliders, the first rows and columns shown).
  await page.getByTestId('cohort-period').selectOption('week');
  const weekly = await call<Cohorts>('retention.cohorts', { project: cdnow, period: 'week' });
  await expect(heatmap.getByRole('img')).toHaveAttribute(
    'aria-label',
    new RegExp(`${weekly.cohorts.length} cohorts`),
  );
  await expect(heatmap).toContainText('drag the sliders');
  await heatmap.screenshot({ path: `${shots}/07-cdnow-heatmap-weekly.png` });

  // Cohorts by an attribute instead of the start period.
  const by = page.getByTestId('cohort-by');
  const attribute = (await by.locator('option').nth(1).textContent()) ?? '';
  await by.selectOption({ index: 1 });
  await expect(heatmap.getByRole('img')).toHaveAttribute('aria-label', /Customers retained by cohort/);
  await expect(page.locator('.cohorts-note')).toContainText(`cut by ${attribute}`);
  await heatmap.screenshot({ path: `${shots}/07b-cdnow-heatmap-by-attribute.png` });
  await by.selectOption({ index: 0 });

  // Brackets: the columns are ranges.
  await page.getByTestId('cohort-period').selectOption('month');
  await page.getByTestId('cohort-definition').selectOption('active-in-bracket');
  const brackets = await call<Cohorts>('retention.cohorts', {
    project: cdnow,
    definition: 'active-in-bracket',
  });
  await expect(page.getByTestId('cohort-definition-text')).toContainText(brackets.definitionText);
  await heatmap.screenshot({ path: `${shots}/08-cdnow-heatmap-brackets.png` });
  await clean(watch);
});

test('subscriptions: MRR movements, revenue reconciliation and revenue cohorts', async ({ page }) => {
  const watch = await open(page, saas, 'Churn over time');
  const response = await call<ChurnOverTime>('retention.churnOverTime', { project: saas });
  expect(response.mrr).not.toBeNull();
  const mrr = response.mrr!;
  const lastMrr = mrr.periods[mrr.periods.length - 1]!;
  // The data moves MRR every way.
  expect(mrr.periods.some((p) => p.expansion > 0)).toBe(true);
  expect(mrr.periods.some((p) => p.contraction > 0)).toBe(true);
  expect(mrr.periods.some((p) => p.reactivation > 0)).toBe(true);

  await expect(page.getByTestId('kpi-mrr-at-end')).toContainText(
    lastMrr.mrrAtEnd.toLocaleString('en-US', { maximumFractionDigits: 0 }),
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('kpi-mrr-at-end')).toContainText('€');
  const gross = mrr.kpi.grossRevenueChurn.latest!;
  await expect(page.getByTestId('kpi-gross-revenue-churn')).toContainText(share(gross.value));
  const nrr = mrr.kpi.netRevenueRetention.latest!;
  await expect(page.getByTestId('kpi-net-revenue-retention')).toContainText(share(nrr.value));
  const mrrChart = page.getByTestId('churn-mrr-chart');
  await expect(mrrChart.getByRole('img')).toHaveAttribute('aria-label', /MRR movements/);
  // A churn counts 30 days (the grace period) after the last end: the last 30 days' churn may still turn up.
  await expect(page.getByTestId('churn-unseen-note')).toContainText(
    '30 days after their last subscription ends',
  );
  await shot(page, '09-saas-churn-over-time', true);
  await mrrChart.screenshot({ path: `${shots}/10-saas-mrr-chart.png` });
  const mrrBox = (await mrrChart.getByRole('img').boundingBox())!;
  await page.mouse.move(mrrBox.x + mrrBox.width * 0.6, mrrBox.y + mrrBox.height * 0.6);
  await expect(page.locator('.chart-tip').filter({ hasText: 'MRR at start' })).toBeVisible();
  await mrrChart.screenshot({ path: `${shots}/10b-saas-mrr-tooltip.png` });
  await page.mouse.move(0, 0);

  const revenue = page.getByTestId('reconciliation-revenue-churn');
  const revenueRows = response.reconciliation.filter((row) => row.measure === 'revenue-churn');
  await expect(revenue.locator('tbody tr')).toHaveCount(revenueRows.length);
  await expect(revenue).toContainText('Gross revenue churn');
  await expect(revenue).toContainText('Churned MRR only, every ended subscription');
  await elementShot(page, 'churn-reconciliation', '11-saas-reconciliation');

  const tools = page.getByRole('group', { name: 'Export Monthly MRR movements' });
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    tools.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const lines = (await downloadText(csv)).trim().split(/\r?\n/);
  expect(lines[0]).toContain('mrr_at_start,new,expansion,contraction,churned,reactivation,mrr_at_end');
  expect(lines.length).toBe(1 + mrr.periods.length);

  // A reactivation window changes the response; the view asks again.
  await page.getByTestId('churn-window-mode').selectOption('within');
  await page.getByLabel('Reactivation window in days').fill('60');
  const windowed = await call<ChurnOverTime>('retention.churnOverTime', {
    project: saas,
    reactivationWindowDays: 60,
  });
  await expect(page.getByTestId('kpi-mrr-at-end')).toContainText(
    windowed.mrr!.periods[windowed.mrr!.periods.length - 1]!.mrrAtEnd.toLocaleString('en-US', {
      maximumFractionDigits: 0,
    }),
  );
  await shot(page, '12-saas-churn-full', true);

  // Annual plans: divided by 12 by default; as imported, the other reconciliation row is the one in use.
  const annualPlans = page.getByTestId('churn-annual-plans');
  await expect(annualPlans).toBeVisible();
  await annualPlans.selectOption('as-imported');
  await expect(revenue.locator('tr[data-current="true"]')).toContainText([
    'Gross revenue churn',
    'Net revenue churn',
    "Churned MRR only, when a customer's last subscription ends",
    'Gross revenue churn, annual plans as imported',
  ]);
  const asImported = await call<ChurnOverTime>('retention.churnOverTime', {
    project: saas,
    reactivationWindowDays: 60,
    annualPlans: 'as-imported',
  });
  await expect(page.getByTestId('kpi-mrr-at-end')).toContainText(
    asImported.mrr!.periods[asImported.mrr!.periods.length - 1]!.mrrAtEnd.toLocaleString('en-US', {
      maximumFractionDigits: 0,
    }),
  );

  // Revenue cohorts.
  await goTo(page, 'Cohorts');
  await page.getByTestId('cohort-measure').selectOption('revenue');
  const heatmap = page.getByTestId('cohort-heatmap');
  await expect(heatmap.getByRole('img')).toHaveAttribute('aria-label', /Revenue retained by cohort/, {
    timeout: 30_000,
  });
  const revenueCohorts = await call<Cohorts>('retention.cohorts', { project: saas, measure: 'revenue' });
  await expect(page.getByTestId('cohort-definition-text')).toContainText(revenueCohorts.definitionText);
  await shot(page, '13-saas-revenue-cohorts', true);
  await heatmap.screenshot({ path: `${shots}/14-saas-revenue-heatmap.png` });
  const heatBox = (await heatmap.getByRole('img').boundingBox())!;
  await page.mouse.move(heatBox.x + heatBox.width * 0.4, heatBox.y + 200);
  await expect(page.locator('.chart-tip').filter({ hasText: 'MRR of' })).toBeVisible();
  await heatmap.screenshot({ path: `${shots}/14b-saas-heatmap-tooltip.png` });
  await clean(watch);
});
