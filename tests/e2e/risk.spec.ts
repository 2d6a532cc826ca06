/**
 * The Risk section against the REAL services (browser mode, built out/), on the telco sample imported
 * through the bridge: a logistic model trained with its progress shown and its mean AUC equal to the
 * saved model's, a gradient-boosted-trees model, the two compared, the customers scored with the
 * logistic model, the tiers, the list sorted by risk and filtered to the high tier, one customer's
 * reasons, and the scores exported as CSV and XLSX. After a reload, a saved model's full result and the
 * comparison's overlaid ROC curves are read from the project. A project without churn information gets the explanation.
 * Screenshots go to tests/output/e2e/risk/.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startBrowserMode, type RunningBrowserMode } from './support/browser-mode';
import {
  callBridge,
  expectCleanPage,
  goToSection,
  importTelcoProject,
  openSection,
} from './support/sections';

const shots = 'tests/output/e2e/risk';
let tenure: RunningBrowserMode;
let project: string;
let noChurn: string;

test.use({ locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true, reducedMotion: 'reduce' });
test.describe.configure({ mode: 'serial' });

const call = <T>(channel: string, request: unknown) => callBridge<T>(tenure, channel, request);

interface ModelSummary {
  id: number;
  name: string;
  metrics: { auc: number | null; aucSd: number | null };
}
interface Tiers {
  tiers: { tier: string; customers: number }[];
}

async function shot(page: Page, name: string, tall = false) {
  if (tall) await page.setViewportSize({ width: 1400, height: 2400 });
  await page.screenshot({ path: `${shots}/${name}.png` });
  if (tall) await page.setViewportSize({ width: 1400, height: 900 });
}

/** The page's globals this file uses (tests are typed without the DOM library, as page-watch.ts does). */
interface SeenGlobals {
  seen: Record<string, boolean>;
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
    disconnect(): void;
  };
  document: { body: unknown; querySelector(selector: string): unknown };
}

/** Records, in the page, whether a test id ever appeared (a fast job may show its progress only briefly). */
async function watchFor(page: Page, testId: string): Promise<() => Promise<boolean>> {
  await page.evaluate((id) => {
    const page = globalThis as unknown as SeenGlobals;
    page.seen = page.seen ?? {};
    page.seen[id] = false;
    const observer = new page.MutationObserver(() => {
      if (page.document.querySelector(`[data-testid="${id}"]`)) {
        page.seen[id] = true;
        observer.disconnect();
      }
    });
    observer.observe(page.document.body, { childList: true, subtree: true });
  }, testId);
  return () => page.evaluate((id) => (globalThis as unknown as SeenGlobals).seen[id] === true, testId);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  tenure = await startBrowserMode();
  const report = await importTelcoProject(tenure, 'Telco');
  project = report.project;
  expect(report.imported).toBe(7043);
  noChurn = (await importTelcoProject(tenure, 'No churn', false)).project;
});

test.afterAll(async () => {
  await tenure?.stop();
});

test('train, compare, score, sort, filter, explain and export', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const watch = await openSection(page, tenure, project, 'Train & compare');

  // Before training: the target in words, the features, the leakage guard's exclusions, an empty state.
  await expect(page.getByTestId('risk-target')).toContainText('7,043');
  await expect(page.getByText('No model trained in this session yet')).toBeVisible();
  await shot(page, '01-train-form');

  // A logistic model: the progress bar shows while it trains, then the cross-validated result.
  await page.getByRole('textbox', { name: 'Name' }).fill('Logistic');
  await page.getByRole('combobox', { name: 'Hold-out' }).selectOption('0.2');
  const sawLogisticProgress = await watchFor(page, 'risk-train-progress');
  await page.getByRole('button', { name: 'Train the logistic model' }).click();
  const result = page.getByTestId('risk-result');
  await expect(result.getByRole('heading', { name: /Logistic/ })).toBeVisible({ timeout: 90_000 });
  expect(await sawLogisticProgress()).toBe(true);
  const models = await call<{ models: ModelSummary[] }>('risk.models', { project });
  const logistic = models.models.find((m) => m.name === 'Logistic');
  expect(logistic?.metrics.auc).not.toBeNull();
  await expect(page.getByTestId('risk-mean-auc')).toHaveText(
    `${logistic!.metrics.auc!.toFixed(3)} ± ${logistic!.metrics.aucSd!.toFixed(3)}`,
  );
  await expect(page.getByTestId('risk-folds').getByRole('row')).toHaveCount(6);
  await expect(page.getByTestId('risk-coefficients')).toContainText('Contract: Two year');
  await expect(page.getByTestId('risk-roc').getByRole('img')).toHaveAttribute('aria-label', /AUC 0\.\d{3}/);
  await expect(page.getByTestId('risk-holdout')).toContainText('1,409 customers kept aside');
  await shot(page, '02-logistic-result');
  // Whom to contact: the expected value per threshold, the confusion matrix at a chosen one.
  await expect(page.getByTestId('risk-expected-value')).toBeVisible();
  await page.getByTestId('risk-threshold').selectOption('0.5');
  const confusion = page.getByTestId('risk-confusion');
  await expect(confusion).toContainText('score ≥ 0.50');
  await page.getByTestId('risk-expected-value').scrollIntoViewIfNeeded();
  await shot(page, '02b-campaign');
  await page.getByTestId('risk-result').scrollIntoViewIfNeeded();
  await shot(page, '03-logistic-full', true);

  // Gradient-boosted trees: slower, so the progress bar (with Cancel) is on screen for a while.
  await page.getByRole('radio', { name: /Gradient-boosted trees/ }).check();
  await expect(page.getByRole('spinbutton', { name: 'Leaves per tree' })).toHaveValue('31');
  await page.getByRole('textbox', { name: 'Name' }).fill('Trees');
  const sawTreeProgress = await watchFor(page, 'risk-train-progress');
  await page.getByRole('button', { name: 'Train the trees' }).click();
  await expect(result.getByRole('heading', { name: /Trees/ })).toBeVisible({ timeout: 180_000 });
  expect(await sawTreeProgress()).toBe(true);
  await expect(page.getByTestId('risk-importance')).toBeVisible();
  await page.getByTestId('risk-importance').scrollIntoViewIfNeeded();
  await shot(page, '04-trees-importance');

  // Compare the two: a verdict, a table side by side, overlaid ROC curves.
  const saved = page.getByTestId('risk-models');
  await expect(saved.getByRole('row')).toHaveCount(3);
  await page.getByRole('checkbox', { name: 'Compare Logistic' }).check();
  await page.getByRole('checkbox', { name: 'Compare Trees' }).check();
  const verdict = page.getByTestId('risk-verdict');
  await expect(verdict).toContainText(/Use “(Logistic|Trees)”/);
  await expect(page.getByTestId('risk-compare-table')).toContainText('Gradient-boosted trees');
  await expect(page.getByTestId('risk-compare-roc')).toBeVisible();
  await expect(page.getByTestId('risk-paired')).toContainText('Paired over the same 5 folds');
  await page.getByTestId('risk-compare').scrollIntoViewIfNeeded();
  await shot(page, '05-compare');

  // A later session: the saved models' full results come from the project (risk.model), not memory.
  await page.reload();
  await goToSection(page, 'Train & compare');
  await expect(page.getByText('No model trained in this session yet')).toBeVisible();
  await saved.getByRole('button', { name: 'Show Logistic' }).click();
  await expect(result.getByRole('heading', { name: /Logistic/ })).toBeVisible();
  await expect(page.getByTestId('risk-result-saved')).toContainText('Saved model, trained');
  await expect(page.getByTestId('risk-mean-auc')).toHaveText(
    `${logistic!.metrics.auc!.toFixed(3)} ± ${logistic!.metrics.aucSd!.toFixed(3)}`,
  );
  await expect(page.getByTestId('risk-coefficients')).toContainText('Contract: Two year');
  await expect(page.getByTestId('risk-holdout')).toContainText('1,409 customers kept aside');
  await expect(page.getByTestId('risk-expected-value')).toBeVisible();
  await page.getByTestId('risk-result').scrollIntoViewIfNeeded();
  await shot(page, '05b-saved-logistic');
  await page.getByRole('checkbox', { name: 'Compare Logistic' }).check();
  await page.getByRole('checkbox', { name: 'Compare Trees' }).check();
  await expect(page.getByTestId('risk-compare-roc').getByRole('img')).toHaveAttribute(
    'aria-label',
    'ROC curves of Logistic and Trees.',
  );
  await page.getByTestId('risk-compare-roc').scrollIntoViewIfNeeded();
  await shot(page, '05c-saved-compare');

  // Score with the logistic model.
  await saved
    .getByRole('row', { name: /Logistic/ })
    .getByRole('button', { name: 'Score…' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk scores' })).toBeVisible();
  await expect(page.getByTestId('risk-score-model')).toHaveValue(String(logistic!.id));
  const sawScoreProgress = await watchFor(page, 'risk-score-progress');
  await page.getByRole('button', { name: 'Score customers' }).first().click();
  await expect(page.getByTestId('risk-tier-high')).toBeVisible({ timeout: 90_000 });
  expect(await sawScoreProgress()).toBe(true);
  const tiers = await call<Tiers>('risk.tiers', { project, model: logistic!.id });
  const high = tiers.tiers.find((t) => t.tier === 'high')!.customers;
  const total = tiers.tiers.reduce((sum, t) => sum + t.customers, 0);
  await expect(page.getByTestId('risk-tier-high')).toContainText(`${high.toLocaleString('en-US')} customers`);
  await expect(page.getByTestId('risk-scores-count')).toHaveText(
    `${total.toLocaleString('en-US')} customers`,
  );
  await shot(page, '06-scored');

  // Sorted by risk, highest first: the first rows' scores go down; one click turns the order round.
  const table = page.getByRole('table', { name: /Customers scored by Logistic/ });
  const scoreCell = (row: number) =>
    table
      .getByRole('row')
      .nth(row + 1)
      .getByRole('cell')
      .nth(1);
  const percent = async (row: number) => parseFloat((await scoreCell(row).innerText()).replace('%', ''));
  await expect(scoreCell(0)).toHaveText(/%/);
  expect(await percent(0)).toBeGreaterThanOrEqual(await percent(1));
  await table.getByRole('button', { name: /Risk of leaving/ }).click();
  await expect(table.getByRole('columnheader', { name: /Risk of leaving/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect(scoreCell(0)).toHaveText(/%/);
  expect(await percent(0)).toBeLessThanOrEqual(await percent(1));
  await table.getByRole('button', { name: /Risk of leaving/ }).click();
  await expect(table.getByRole('columnheader', { name: /Risk of leaving/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );

  // Only the high tier.
  await page.getByTestId('risk-tier-filter').selectOption('high');
  await expect(page.getByTestId('risk-scores-count')).toHaveText(`${high.toLocaleString('en-US')} customers`);
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(2)).toHaveText('High');

  // One customer's reasons, opened with the keyboard.
  const first = table.getByRole('row').nth(1).getByRole('button');
  const customerId = await first.innerText();
  await first.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('risk-detail');
  await expect(detail.getByRole('heading', { name: customerId })).toBeVisible();
  await expect(detail.getByTestId('risk-reasons').getByRole('listitem')).toHaveCount(3);
  await expect(detail.getByTestId('risk-reasons')).toContainText(/[+−]\d\.\d\d/);
  await shot(page, '07-high-tier-reasons');

  // Export the high tier as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('risk-scores-Logistic-high.csv');
  const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'customer_id,risk_score,tier,value,reason_1,reason_1_contribution,reason_2,reason_2_contribution,reason_3,reason_3_contribution',
  );
  expect(lines).toHaveLength(high + 1);
  expect(lines[1]).toContain(',high,');

  // The same list as XLSX (written by the main process with the CLI's writer): a zip, one row per customer.
  const [workbook] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export XLSX' }).click(),
  ]);
  expect(workbook.suggestedFilename()).toBe('risk-scores-Logistic-high.xlsx');
  const xlsx = await call<{ rows: number; base64: string }>('risk.exportScores', {
    project,
    model: logistic!.id,
    tier: 'high',
  });
  expect(xlsx.rows).toBe(high);
  const bytes = readFileSync(await workbook.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  expect(bytes.length).toBeGreaterThan(10_000);

  // Tiers from cut points the user chooses: medium from 30%, high from 60%.
  await page.getByTestId('risk-tier-mode').selectOption('custom');
  await page.getByLabel('Medium from').fill('30');
  await page.getByLabel('high from').fill('60');
  await page.getByRole('button', { name: 'Score again' }).click();
  await expect(page.getByTestId('risk-tiers-note')).toContainText('medium from a score of 30.0%', {
    timeout: 60_000,
  });
  const custom = await call<Tiers>('risk.tiers', { project, model: logistic!.id });
  const customHigh = custom.tiers.find((t) => t.tier === 'high')!.customers;
  expect(customHigh).toBeLessThan(high);
  await expect(page.getByTestId('risk-tier-high')).toContainText(
    `${customHigh.toLocaleString('en-US')} customers`,
  );

  await expectCleanPage(watch);
});

test('a project without churn information says what is missing', async ({ page }) => {
  const watch = await openSection(page, tenure, noChurn, 'Train & compare');
  await expect(page.getByRole('heading', { name: 'Nothing to predict yet' })).toBeVisible();
  await expect(page.getByText(/no churn information/)).toBeVisible();
  await goToSection(page, 'Risk scores');
  await expect(page.getByRole('heading', { name: 'No model to score with yet' })).toBeVisible();
  await shot(page, '08-no-churn');
  await expectCleanPage(watch);
});
