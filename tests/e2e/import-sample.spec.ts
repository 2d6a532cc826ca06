/**
 * The workshop path, end to end in browser mode: start screen → "Try the sample" → import wizard →
 * validation → import → overview (7,043 customers, 1,869 churned = 26.5%, the figures of the IBM Telco
 * sample in resources/samples/README.md) → churn by Contract → the customers table, sorted.
 * Screenshots of each step go to tests/output/e2e/import-sample/ — look at them after a run.
 */
import { expect, test, type Page } from '@playwright/test';
import { startBrowserMode, type RunningBrowserMode } from './support/browser-mode';
import { watchPage, type PageWatch } from './support/page-watch';

const shots = 'tests/output/e2e/import-sample';

test.use({ locale: 'en-US', timezoneId: 'UTC' });
test.describe.configure({ mode: 'serial' });

let tenure: RunningBrowserMode;

interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

test.beforeAll(async () => {
  tenure = await startBrowserMode();
});

test.afterAll(async () => {
  await tenure?.stop();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png` });
}

/** The text of one cell of the customers table: data row `row` (0-based), column headed `header`. */
async function cell(page: Page, row: number, header: string) {
  const headers = await page.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((text) => text.trim() === header);
  expect(index, `a column headed ${header}`).toBeGreaterThanOrEqual(0);
  return page.locator(`.vtable-body [role=row][aria-rowindex="${row + 2}"] [role=cell]`).nth(index);
}

test('import the sample through the wizard and see the overview', async ({ page }) => {
  test.setTimeout(120_000);
  const watch: PageWatch = await watchPage(page, tenure.origin);

  // Start screen
  await page.goto(tenure.url);
  await expect(page.getByRole('heading', { name: 'Tenure', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/^[^#]*$/); // the token left the address bar
  await expect(page.getByRole('heading', { name: 'Try a sample dataset' })).toBeVisible();
  await shot(page, '01-start');

  // Try the sample: a "Telco sample" project, straight into the wizard's read options
  await page.getByRole('button', { name: 'Try the Telco sample' }).click();
  await expect(page.locator('.topbar-name')).toHaveText('Telco sample');
  await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Preview of the first rows' })).toContainText('C0001');
  await expect(page.getByLabel('Encoding')).toHaveValue(''); // automatic
  await shot(page, '02-read-options');

  // Columns: the sample's own mapping, tenure in months
  await page.getByRole('button', { name: 'Next: columns' }).click();
  await expect(page.getByLabel('Role of customer_id')).toHaveValue('id');
  await expect(page.getByLabel('Role of Churn')).toHaveValue('churned');
  await expect(page.getByLabel('Role of tenure')).toHaveValue('tenure');
  await expect(page.getByRole('radio', { name: 'months' })).toBeChecked();
  await shot(page, '03-columns');

  // Validate (dry run)
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  const importButton = page.getByRole('button', { name: /^Import 7,043 customers/ });
  await expect(importButton).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('figure-read')).toContainText('7,043');
  await expect(page.getByTestId('figure-rejected')).toContainText('0');
  await shot(page, '04-validation-report');

  // Import, its report, then the overview
  await importButton.click();
  await expect(page.getByRole('button', { name: 'Open the overview' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Open the overview' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('kpi-customers')).toContainText('7,043');
  await expect(page.getByTestId('kpi-churned')).toContainText('1,869');
  await expect(page.getByTestId('kpi-share')).toContainText('26.5%');
  await expect(
    page.getByRole('status').filter({ hasText: 'Imported 7,043 customers' }).first(),
  ).toBeVisible();
  await shot(page, '05-overview');

  // Churn by Contract: the chart draws on its canvas
  await page.getByLabel('Attribute to break churn down by').selectOption({ label: 'Contract (category)' });
  const chart = page.getByTestId('churn-chart');
  await expect(chart).toHaveAttribute('aria-label', /Churn share by Contract: Month-to-month 42\.7%/);
  await expect
    .poll(() =>
      chart.locator('canvas').evaluate((element) => {
        // Typed structurally: tests compile without the DOM library.
        const canvas = element as unknown as CanvasLike;
        const context = canvas.getContext('2d');
        if (!context || canvas.width === 0) return 0;
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
        return painted;
      }),
    )
    .toBeGreaterThan(5000);
  // The tooltip is HTML set by ECharts: hovering the first bar also proves it passes the CSP.
  const box = await chart.boundingBox();
  if (!box) throw new Error('the chart has no box');
  const plotTop = 74; // grid.top in ChurnShareChart
  const band = (box.height - plotTop - 44) / 3;
  await page.mouse.move(box.x + box.width * 0.3, box.y + plotTop + band / 2);
  await expect(page.locator('.chart-tip')).toContainText('Contract: Month-to-month');
  await expect(page.locator('.chart-tip')).toContainText('1,655 of 3,875 customers');
  await shot(page, '06a-tooltip');
  await page.getByText('Show as a table').click();
  const breakdown = page.locator('.breakdown-table table');
  await expect(breakdown).toContainText('Month-to-month');
  await expect(breakdown).toContainText('Two year');
  await expect(breakdown).toContainText('One year');
  await shot(page, '06-churn-by-contract');

  // Customers: rows from the store, then sorted by the store
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Customers' }).click();
  await expect(page.getByTestId('customers-count')).toHaveText('7,043 customers');
  await expect(await cell(page, 0, 'customer_id')).toHaveText('C0001');
  await shot(page, '07-customers');

  const idHeader = page.getByRole('columnheader', { name: 'customer_id' });
  await idHeader.getByRole('button').click();
  await expect(idHeader).toHaveAttribute('aria-sort', 'ascending');
  await idHeader.getByRole('button').press('Enter'); // the keyboard sorts too
  await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(await cell(page, 0, 'customer_id')).toHaveText('C7043');

  const tenureHeader = page.getByRole('columnheader', { name: 'tenure' });
  await tenureHeader.getByRole('button').click();
  await expect(tenureHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(await cell(page, 0, 'tenure')).toHaveText('0');
  await shot(page, '08-customers-sorted-by-tenure');

  // A clean run: no console errors, no CSP violations, nothing fetched from anywhere but the bridge
  expect(watch.consoleErrors).toEqual([]);
  expect(await watch.cspViolations()).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  expect(watch.requests.length).toBeGreaterThan(10);
});
