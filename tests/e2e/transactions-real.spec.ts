/**
 * The import wizard on a German orders export against the REAL services (browser mode, built out/):
 * Windows-1252, `;`, decimal comma with dotted thousands, dd.mm.yyyy, 400,000 rows with five bad ones at
 * known lines. Kind and locale guesses, the role mapping, the validation report with its counts, then a
 * cancel half-way through the import — and the project, asked through the bridge, is unchanged.
 * Screenshots go to tests/output/e2e/transactions-real/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import iconv from 'iconv-lite';
import { startBrowserMode, type RunningBrowserMode } from './support/browser-mode';
import { callBridge } from './support/sections';
import { watchPage } from './support/page-watch';

const shots = 'tests/output/e2e/transactions-real';
const rows = 400_000;
let tenure: RunningBrowserMode;
let file: string;

test.use({ locale: 'en-US', timezoneId: 'UTC' });

/** Line numbers (the header is line 1) of the rows that must be rejected, and why. */
const bad = { badDate: 3, missingAmount: 5, negativeAmount: 7, duplicateRow: 9, repeatedHeader: 11 };

function germanAmount(cents: number): string {
  const euros = Math.floor(cents / 100).toLocaleString('de-DE');
  return `${euros},${String(cents % 100).padStart(2, '0')}`;
}

function writeOrders(dir: string): string {
  const products = ['Kaffeemühle', 'Teekanne', 'Müsli', 'Käse', 'Brötchen', 'Weißwurst'];
  const lines = ['Kundennr;Bestelldatum;Betrag;Menge;Artikel'];
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const date = `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.2024`;
    // Every row differs (the customer and the amount both follow i), amounts up to 5.000,00 €.
    let fields = [
      `K${String(1 + (i % 5000)).padStart(5, '0')}`,
      date,
      germanAmount(100 + ((i * 37) % 499_900)),
      String(1 + (i % 4)),
      products[i % 6] as string,
    ];
    if (line === bad.badDate) fields[1] = '31.02.2024';
    if (line === bad.missingAmount) fields[2] = '';
    if (line === bad.negativeAmount) fields[2] = '-12,50';
    if (line === bad.duplicateRow) fields = (lines[lines.length - 1] as string).split(';');
    if (line === bad.repeatedHeader) fields = (lines[0] as string).split(';');
    lines.push(fields.join(';'));
  }
  const path = join(dir, 'bestellungen-2024.csv');
  writeFileSync(path, iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252'));
  return path;
}

const call = <T>(channel: string, request: unknown) => callBridge<T>(tenure, channel, request);

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png` });
}

test.beforeAll(async () => {
  tenure = await startBrowserMode();
  file = writeOrders(mkdtempSync(join(tmpdir(), 'tenure-orders-')));
});

test.afterAll(async () => {
  await tenure?.stop();
});

test('a German orders export through the wizard, the validation report, and a cancel half-way (real services)', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const project = join(tenure.projectsDir, 'Kaffeeladen.tenure');
  await call('project.create', { path: project });
  const watch = await watchPage(page, tenure.origin);

  await page.goto(`${tenure.url}&project=${encodeURIComponent(project)}`);
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'New import', exact: true })
    .click();
  await page.getByLabel('Or type the path of a file on this computer').fill(file);
  await page.getByRole('button', { name: 'Use this file' }).click();

  // The kind, guessed from the German column names.
  await expect(page.locator('.kind-guess')).toContainText('Transactions', { timeout: 20_000 });
  await expect(page.getByRole('radio', { name: /^Transactions/ })).toBeChecked();
  await shot(page, '01-file-and-kind');

  // The locale, detected: Windows-1252, semicolon, decimal comma, day first.
  await page.getByRole('button', { name: 'Next: read options' }).click();
  const automatic = (label: string) => page.getByLabel(label, { exact: true }).locator('option').first();
  await expect(automatic('Encoding')).toHaveText('Automatic: WINDOWS-1252');
  await expect(automatic('Delimiter')).toHaveText('Automatic: Semicolon ;');
  await expect(automatic('Number format')).toHaveText('Automatic: 1.234,56 (decimal comma)');
  await expect(automatic('Date format')).toContainText('Day first');
  const preview = page.getByRole('region', { name: 'Preview of the first rows' });
  await expect(preview).toContainText('Kaffeemühle');
  await expect(preview.getByRole('columnheader', { name: /Bestelldatum/ })).toContainText('→ 2024-01-01');
  await shot(page, '02-read-options');

  // Roles: customer, date, amount, quantity, product.
  await page.getByRole('button', { name: 'Next: columns' }).click();
  await page.getByLabel('Column for Customer ID').selectOption('Kundennr');
  await page.getByLabel('Column for Date').selectOption('Bestelldatum');
  await page.getByLabel('Column for Amount').selectOption('Betrag');
  await page.getByLabel('Column for Quantity').selectOption('Menge');
  await page.getByLabel('Column for Product').selectOption('Artikel');
  await shot(page, '03-columns');

  // Validation: every row read, five rejected, each problem with its line.
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await expect(page.getByTestId('figure-read')).toContainText('400,000', { timeout: 120_000 });
  await expect(page.getByTestId('figure-imported')).toContainText('399,995');
  await expect(page.getByTestId('figure-rejected')).toContainText('5');
  const problems = page.getByRole('table', { name: 'Problems found' });
  const problem = (name: string) => problems.getByRole('row').filter({ hasText: name });
  await expect(problem('Value does not fit its column')).toContainText(`1${bad.badDate}`);
  await expect(problem('Value does not fit its column')).toContainText('31.02.2024');
  await expect(problem('Required value missing')).toContainText(`1${bad.missingAmount}`);
  await expect(problem('Duplicate row')).toContainText(`1${bad.duplicateRow}`);
  await expect(problem('Header line repeated')).toContainText(`1${bad.repeatedHeader}`);
  await expect(problems).toContainText(String(bad.negativeAmount));
  await shot(page, '04-validation-report');

  // Import, and cancel it half-way: the project is as it was.
  await page.getByRole('button', { name: /^Import the 399,995 valid transactions/ }).click();
  const progress = page.getByRole('progressbar').first();
  await expect
    .poll(async () => Number((await progress.getAttribute('aria-valuenow')) ?? 0), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(20);
  await expect(page.locator('.progress-details')).toContainText('rows/s');
  await shot(page, '05-importing');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByText(/Nothing was changed: the project still has 0 transactions\./)).toBeVisible({
    timeout: 30_000,
  });
  await shot(page, '06-cancelled');
  const history = await call<{ imports: unknown[]; datasets: { kind: string; rows: number }[] }>(
    'import.history',
    { project },
  );
  expect(history.imports).toEqual([]);
  expect(history.datasets.every((dataset) => dataset.rows === 0)).toBe(true);
  expect((await call<{ customers: number }>('project.info', { project })).customers).toBe(0);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
