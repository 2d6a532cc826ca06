/**
 * Churn risk on dated data against the REAL services (browser mode, built out/): the CDNOW purchase
 * log imported through the bridge, a logistic model trained on "churn within the next 90 days" (the
 * form explains the cut-off, who is a row and what the label is, with the counts of the channel's own
 * answer), its cross-validated metrics, then every active customer scored and the risk tiers shown.
 * Screenshots go to tests/output/e2e/risk-horizon/.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startBrowserMode, type RunningBrowserMode } from './support/browser-mode';
import { callBridge, expectCleanPage, openSection } from './support/sections';

const shots = 'tests/output/e2e/risk-horizon';
const cdnowCsv = join(import.meta.dirname, '..', '..', 'resources', 'samples', 'cdnow_transactions.csv');
let tenure: RunningBrowserMode;
let cdnow: string;

test.use({ locale: 'en-US', timezoneId: 'UTC', reducedMotion: 'reduce' });
test.describe.configure({ mode: 'serial' });

const call = <T>(channel: string, request: unknown) => callBridge<T>(tenure, channel, request);
const count = (value: number) => value.toLocaleString('en-US');

interface Target {
  description: string;
  cutoff: string | null;
  rows: number;
  positives: number;
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
});

test.afterAll(async () => {
  await tenure?.stop();
});

test('churn within the next 90 days: explained, trained, scored, tiered', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const watch = await openSection(page, tenure, cdnow, 'Train & compare');

  // The horizon target, in words and numbers: the channel's own description of the same request.
  await page.getByRole('radio', { name: /Churn within/ }).check();
  await expect(page.getByRole('spinbutton', { name: 'Horizon in days' })).toHaveValue('90');
  const { target } = await call<{ target: Target }>('risk.features', {
    project: cdnow,
    target: { kind: 'horizon', horizonDays: 90 },
  });
  // As of 1998-06-30 a churn is seen only after 203 days without an order: the window ends 1997-12-08.
  expect(target.cutoff).toBe('1997-09-09');
  expect(target.rows).toBeGreaterThan(1000);
  expect(target.positives).toBeGreaterThan(0);
  const explained = page.getByTestId('risk-target');
  await expect(explained).toContainText('Churn within 90 days after 1997-09-09');
  await expect(explained).toContainText('Features are computed from what was known on 1997-09-09 only');
  await expect(explained).toContainText(
    'A churn shows only 204 days after its date, so the window ends by 1997-12-08',
  );
  await expect(explained).toContainText(
    `${count(target.rows)} customers, ${count(target.positives)} churned`,
  );
  await expect(page.getByText('empty: the latest date whose outcome is fully known')).toBeVisible();
  await page.screenshot({ path: `${shots}/01-horizon-target.png` });

  // Train: the cross-validated metrics of that target.
  await page.getByRole('textbox', { name: 'Name' }).fill('Next 90 days');
  await page.getByRole('button', { name: 'Train the logistic model' }).click();
  const result = page.getByTestId('risk-result');
  await expect(result.getByRole('heading', { name: /Next 90 days/ })).toBeVisible({ timeout: 120_000 });
  const { models } = await call<{
    models: { id: number; name: string; metrics: { auc: number; aucSd: number } }[];
  }>('risk.models', { project: cdnow });
  const model = models.find((m) => m.name === 'Next 90 days')!;
  await expect(page.getByTestId('risk-mean-auc')).toHaveText(
    `${model.metrics.auc.toFixed(3)} ± ${model.metrics.aucSd.toFixed(3)}`,
  );
  await expect(page.getByTestId('risk-folds').getByRole('row')).toHaveCount(6);
  await expect(page.getByTestId('risk-roc').getByRole('img')).toHaveAttribute('aria-label', /AUC 0\.\d{3}/);
  await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/02-horizon-result.png` });

  // Score every customer active at the as-of date, and read the tiers.
  await page
    .getByTestId('risk-models')
    .getByRole('row', { name: /Next 90 days/ })
    .getByRole('button', { name: 'Score…' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk scores' })).toBeVisible();
  await page.getByRole('button', { name: 'Score customers' }).first().click();
  await expect(page.getByTestId('risk-tier-high')).toBeVisible({ timeout: 120_000 });
  const tiers = await call<{ tiers: { tier: string; customers: number }[] }>('risk.tiers', {
    project: cdnow,
    model: model.id,
  });
  const total = tiers.tiers.reduce((sum, tier) => sum + tier.customers, 0);
  expect(total).toBeGreaterThan(0);
  for (const tier of tiers.tiers)
    await expect(page.getByTestId(`risk-tier-${tier.tier}`)).toContainText(
      `${count(tier.customers)} customers`,
    );
  await expect(page.getByTestId('risk-scores-count')).toHaveText(`${count(total)} customers`);
  await page.screenshot({ path: `${shots}/03-horizon-tiers.png` });

  await expectCleanPage(watch);
});
