/**
 * The survival, hazard-model and churn-driver views against the REAL services (browser mode, built out/),
 * on the telco sample imported through the bridge: Kaplan–Meier curves by contract (the log-rank χ² and
 * the month-to-month median that R's survdiff/survfit give), the number-at-risk table, a Cox model of
 * contract and monthly charges with its forest plot, the drivers ranked with Contract first and the
 * click-through to its survival curves, and a chart's PNG, SVG and CSV exports.
 * Screenshots go to tests/output/e2e/retention-survival/.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { startBrowserMode, type RunningBrowserMode } from './support/browser-mode';
import { expectCleanPage, goToSection, importTelcoProject, openSection } from './support/sections';

const shots = 'tests/output/e2e/retention-survival';
let tenure: RunningBrowserMode;
let project: string;
/** The same customers without a churned column: nothing to analyse. */
let noChurn: string;

// Reduced motion: the charts skip their animation, so a screenshot shows the finished picture.
test.use({ locale: 'en-US', timezoneId: 'UTC', acceptDownloads: true, reducedMotion: 'reduce' });
test.describe.configure({ mode: 'serial' });

const open = (page: Page, section: string, path = project) => openSection(page, tenure, path, section);

const goTo = goToSection;
const clean = expectCleanPage;

/** A screenshot; `tall` grows the window first, since the page scrolls inside the app's shell. */
async function shot(page: Page, name: string, tall = false) {
  if (tall) await page.setViewportSize({ width: 1400, height: 2000 });
  await page.screenshot({ path: `${shots}/${name}.png` });
  if (tall) await page.setViewportSize({ width: 1400, height: 900 });
}

async function downloadText(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
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

test('survival curves by contract: log-rank, medians, number at risk', async ({ page }) => {
  const watch = await open(page, 'Survival curves');
  // All customers first: one curve, no log-rank test.
  const chart = page.getByTestId('survival-chart');
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /Survival of all customers/);
  await shot(page, '01-survival-all');

  await page.getByTestId('survival-group-by').selectOption({ label: 'Contract' });
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /Survival by Contract/);
  await expect(page.getByTestId('log-rank')).toContainText(
    'The curves differ: log-rank χ² = 2,352.9 on 2 df, p < 0.001',
  );
  const summary = page.getByTestId('survival-summary');
  const monthly = summary.getByRole('row', { name: /Month-to-month/ });
  await expect(monthly.getByRole('cell').nth(2)).toHaveText('35 months');
  await expect(monthly.getByRole('cell').nth(3)).toHaveText('32–38 months');
  await expect(
    summary
      .getByRole('row', { name: /Two year/ })
      .getByRole('cell')
      .nth(2),
  ).toHaveText('Not reached');

  // Number at risk every 12 months: everybody at 0, R's n.risk after.
  const risk = page.getByTestId('risk-table');
  await expect(risk.getByRole('columnheader')).toHaveText([
    'Months',
    '0',
    '12',
    '24',
    '36',
    '48',
    '60',
    '72',
  ]);
  const riskRow = risk.getByRole('row', { name: /Month-to-month/ }).getByRole('cell');
  await expect(riskRow.first()).toHaveText('3,875');
  await shot(page, '02-survival-by-contract');
  await shot(page, '03-survival-full', true);

  // The tooltip: every group's share at the tenure under the pointer.
  await chart.getByRole('img').hover({ position: { x: 520, y: 200 } });
  const tip = page.locator('.chart-tip');
  await expect(tip).toContainText('After');
  await expect(tip.locator('.km-tip-row')).toHaveCount(3);
  await shot(page, '02b-survival-tooltip');

  // Log-log intervals, censoring marks: the same medians, the picture redrawn.
  await page.getByTestId('survival-conf').selectOption('log-log');
  await page.getByRole('checkbox', { name: 'Censoring marks' }).check();
  await expect(monthly.getByRole('cell').nth(2)).toHaveText('35 months');
  await shot(page, '03b-survival-loglog-censoring');

  // Days: the same curves on a finer axis.
  await page.getByTestId('survival-unit').selectOption('days');
  await expect(risk.getByRole('columnheader').first()).toHaveText('Days');
  await shot(page, '03c-survival-days');

  // A number cut into bins: many curves, so the bands start switched off.
  await page.getByTestId('survival-unit').selectOption('months');
  await page.getByTestId('survival-group-by').selectOption({ label: 'MonthlyCharges' });
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /Survival by MonthlyCharges/);
  await expect(page.getByRole('checkbox', { name: 'Confidence bands' })).not.toBeChecked();
  await shot(page, '03e-survival-by-charges', true);
  await page.getByTestId('survival-group-by').selectOption({ label: 'Contract' });
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /Survival by Contract/);

  // A segment: month-to-month customers only, one curve, the same median.
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByLabel('Filter column').selectOption({ label: 'Contract' });
  await page.getByLabel('Contract: value').selectOption({ label: 'Month-to-month (3,875)' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(summary.getByRole('row')).toHaveCount(3);
  await expect(monthly.getByRole('cell').nth(0)).toHaveText('3,875');
  await expect(page.getByTestId('log-rank')).toBeHidden();
  await shot(page, '03d-survival-segment');
  await clean(watch);
});

test('a project without churn information says what to do', async ({ page }) => {
  const watch = await open(page, 'Survival curves', noChurn);
  await expect(page.getByRole('heading', { name: 'Nothing to analyse yet' })).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByRole('button', { name: 'Import data' })).toBeVisible();
  await expect(main.getByRole('button', { name: 'Churn definition' })).toBeVisible();
  await shot(page, '00-no-churn');
  await goTo(page, 'Churn drivers');
  await expect(page.getByRole('heading', { name: 'Nothing to analyse yet' })).toBeVisible();
  // The same frame on the date-based views, with their own titles and the service's reason.
  await goTo(page, 'Churn over time');
  await expect(page.getByRole('heading', { name: 'Churn over time cannot be computed yet' })).toBeVisible();
  await goTo(page, 'Cohorts');
  await expect(page.getByRole('heading', { name: 'These cohorts cannot be computed' })).toBeVisible();
  await clean(watch);
});

test('exports of the survival chart: CSV, PNG and SVG', async ({ page }) => {
  await open(page, 'Survival curves');
  await page.getByTestId('survival-group-by').selectOption({ label: 'Contract' });
  await expect(page.getByTestId('log-rank')).toBeVisible();
  const tools = page.getByRole('group', { name: 'Export Survival by Contract' });

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    tools.getByRole('button', { name: 'CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const text = (await downloadText(csv)).replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe('group,time,atRisk,events,censored,survival,stdErr,lower,upper');
  expect(lines[1]).toMatch(/^Month-to-month,1,3875,380,224,0\.9019/);
  expect(lines.length).toBe(1 + 72 + 73 + 73);

  const [png] = await Promise.all([
    page.waitForEvent('download'),
    tools.getByRole('button', { name: 'PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  await png.saveAs(`${shots}/10-exported-survival.png`);
  const pngBytes = readFileSync(await png.path());
  expect([...pngBytes.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');

  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    tools.getByRole('button', { name: 'SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const svgText = await downloadText(svg);
  expect(svgText.trimStart().startsWith('<svg')).toBe(true);
  expect(svgText).toContain('Survival by Contract');
});

test('hazard model: contract and monthly charges, forest plot and coefficients', async ({ page }) => {
  const watch = await open(page, 'Hazard model');
  await expect(page.getByText('Choose what to put in the model')).toBeVisible();
  await shot(page, '04-cox-empty');
  await page.getByRole('checkbox', { name: 'Contract', exact: true }).check();
  await page.getByRole('checkbox', { name: 'MonthlyCharges', exact: true }).check();
  await page.getByRole('button', { name: 'Fit the model' }).click();
  const table = page.getByTestId('cox-table');
  const oneYear = table.getByRole('row', { name: /One year/ });
  await expect(oneYear).toBeVisible({ timeout: 30_000 });
  // R: coxph(Surv(tenure, churn) ~ Contract + MonthlyCharges, ties = "efron"): HR 0.112 (0.095–0.132).
  await expect(oneYear).toContainText('0.112');
  await expect(oneYear).toContainText('0.095–0.132');
  await expect(page.getByTestId('cox-forest').getByRole('img')).toHaveAttribute(
    'aria-label',
    /Hazard ratios/,
  );
  await expect(page.getByTestId('cox-fit')).toContainText('Concordance 0.753');
  await shot(page, '05-cox-fitted');
  await shot(page, '06-cox-full', true);

  // The suggestion: the three strongest drivers the model can take (tenure is the outcome, not one).
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('button', { name: 'Use the top 3 drivers' }).first().click();
  for (const name of ['Contract', 'OnlineSecurity', 'TechSupport'])
    await expect(page.getByRole('checkbox', { name, exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'MonthlyCharges', exact: true })).not.toBeChecked();
  await page.getByLabel('Reference level of Contract').selectOption('Two year');
  await page.getByRole('button', { name: 'Fit the model' }).click();
  await expect(table.getByRole('row', { name: /Contract: Month-to-month/ })).toContainText('< 0.001', {
    timeout: 30_000,
  });
  await expect(table.getByRole('row', { name: /Contract: Two year/ })).toContainText('reference');
  await shot(page, '06b-cox-top-drivers', true);
  await clean(watch);
});

test('churn drivers: Contract first, its detail, and on to its survival curves', async ({ page }) => {
  const watch = await open(page, 'Churn drivers');
  const ranking = page.getByTestId('drivers-table');
  await expect(ranking.getByRole('row').nth(1)).toContainText('Contract', { timeout: 30_000 });
  await expect(ranking.getByRole('row').nth(1)).toContainText('0.41');
  await shot(page, '07-drivers');

  // Keyboard: the second row by arrow key, then back.
  await ranking.getByRole('button', { name: 'Contract', exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('driver-detail')).toContainText('tenure');
  await page.keyboard.press('ArrowUp');
  const detail = page.getByTestId('driver-detail');
  await expect(detail).toContainText('Month-to-month');
  await expect(detail.getByRole('row', { name: /Month-to-month/ })).toContainText('42.7%');
  await shot(page, '08-driver-contract');
  await shot(page, '08b-driver-contract-tall', true);

  await detail.getByRole('button', { name: 'Show survival curves by Contract' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Survival curves' })).toBeVisible();
  await expect(page.getByTestId('survival-group-by')).toHaveValue(/.+/);
  await expect(page.getByTestId('survival-chart').getByRole('img')).toHaveAttribute(
    'aria-label',
    /Survival by Contract/,
  );
  await expect(page.getByTestId('log-rank')).toContainText('2,352.9');
  await shot(page, '09-driver-to-survival');
  await clean(watch);
});
