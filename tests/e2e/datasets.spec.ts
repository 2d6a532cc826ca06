/**
 * Issue 3 in the renderer, against the in-memory fake of the bridge (support/fake-tenure.ts) and the built
 * renderer: the import wizard for a German orders export (support/german-orders.ts: Windows-1252, `;`,
 * decimal comma, dd.mm.yyyy, eleven bad rows) — kind, locale guesses, roles, the validation report, a
 * cancel half-way that leaves the project unchanged; "Import like last time"; a workbook's sheets; the
 * Imports page with undo; the churn definition page; the data quality page; empty states.
 * Screenshots go to tests/output/e2e/datasets/ — look at them after a run.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FakeTenure } from './support/fake-tenure';
import { shopProject, writeGermanOrders, type GermanOrders } from './support/german-orders';
import { watchPage, type PageWatch } from './support/page-watch';

const shots = 'tests/output/e2e/datasets';
const shop = '/home/ana/Documents/Tenure/Kaffeeladen.tenure';
const renderer = process.env.TENURE_E2E_RENDERER ?? join(import.meta.dirname, '..', '..', 'out', 'renderer');

test.use({ locale: 'en-US', timezoneId: 'UTC' });
test.skip(
  !existsSync(join(renderer, 'index.html')),
  'the renderer is not built: run `npm run build` first (npm test does)',
);

let orders: GermanOrders;
test.beforeAll(() => {
  orders = writeGermanOrders(mkdtempSync(join(tmpdir(), 'tenure-orders-')));
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png` });
}

async function expectClean(page: Page, watch: PageWatch) {
  expect(watch.consoleErrors).toEqual([]);
  expect(await watch.cspViolations()).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });
}

/** Opens the shop's project and the import wizard on the German orders file, kind still to choose. */
async function startWizard(page: Page, fake: FakeTenure) {
  await page.goto(fake.url(`&project=${encodeURIComponent(shop)}`));
  await nav(page, 'New import').click();
  await page.getByLabel('Or type the path of a file on this computer').fill(orders.path);
  await page.getByRole('button', { name: 'Use this file' }).click();
}

async function mapOrderRoles(page: Page) {
  await page.getByLabel('Column for Customer ID').selectOption('Kundennr');
  await page.getByLabel('Column for Date').selectOption('Bestelldatum');
  await page.getByLabel('Column for Amount').selectOption('Betrag');
  await page.getByLabel('Column for Quantity').selectOption('Menge');
  await page.getByLabel('Column for Product').selectOption('Artikel');
}

test('the wizard on a German orders export: kind, locale guesses, roles, validation, cancel half-way', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const fake = new FakeTenure({
    projects: [shopProject(shop)],
    pace: { dryRunMs: 2500, importMs: 9000 },
  });
  await fake.attach(page);
  const watch = await watchPage(page, fake.origin);

  // The overview states the churn definition and the as-of date in its header.
  await page.goto(fake.url(`&project=${encodeURIComponent(shop)}`));
  const definition = page.getByTestId('definition-line');
  await expect(definition).toContainText('Churned = no order for');
  await expect(definition).toContainText('As of 2023-12-28 (the latest date in the data)');
  await expect(page.getByTestId('kpi-customers')).toContainText('40');
  await expect(page.getByTestId('churn-chart')).toBeVisible();
  await shot(page, '01-overview');

  // File: the kind is guessed from the (German) column names, with the reason; the user could choose another.
  await startWizard(page, fake);
  await expect(page.locator('.kind-guess')).toContainText('Guessed: Transactions');
  await expect(page.locator('.kind-guess')).toContainText('"Bestelldatum"');
  await expect(page.getByRole('radio', { name: /^Transactions/ })).toBeChecked();
  await page.getByRole('radio', { name: /^Customers/ }).check();
  await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
  await page.getByRole('radio', { name: /^Transactions/ }).check();
  await expect(page.getByRole('heading', { name: 'Import transactions' })).toBeVisible();
  await expect(page.locator('.kind-option', { hasText: 'Transactions' })).toContainText(
    'the project has 300 transactions',
  );
  await shot(page, '02-file-and-kind');

  // Read options: every guess with its reason, and the locale shown on values of this file.
  await page.getByRole('button', { name: 'Next: read options' }).click();
  const automatic = (label: string) => page.getByLabel(label, { exact: true }).locator('option').first();
  await expect(automatic('Encoding')).toHaveText('Automatic: WINDOWS-1252');
  await expect(page.getByText('as Windows-1252 it reads as Western European text')).toBeVisible();
  await expect(automatic('Delimiter')).toHaveText('Automatic: Semicolon ;');
  await expect(automatic('Number format')).toHaveText('Automatic: 1.234,56 (decimal comma)');
  await expect(page.getByTestId('number-example')).toHaveText('1.067,13 reads as 1067.13');
  await expect(automatic('Date format')).toHaveText('Automatic: Day first: 31.03.2024, 31/03/2024');
  await expect(page.getByText('“13.01.2024” can only be day.month.year')).toBeVisible();
  await expect(page.getByTestId('date-example')).toContainText(
    '07.01.2024 could be 7 January 2024 or 1 July 2024; read as 7 January 2024.',
  );
  await expect(page.getByRole('checkbox', { name: 'Missing value N/A', exact: true })).toBeChecked();
  const preview = page.getByRole('region', { name: 'Preview of the first rows' });
  await expect(preview).toContainText('Kaffeemühle');
  await expect(preview.getByRole('columnheader', { name: /Bestelldatum/ })).toContainText(
    '01.01.2024 → 2024-01-01',
  );
  await expect(preview.getByRole('columnheader', { name: /Betrag/ })).toContainText('5,00 → 5');
  await shot(page, '03-read-options');

  // Overriding a guess re-reads the preview and says so; back to automatic undoes it.
  await page.getByLabel('Date format', { exact: true }).selectOption('mdy');
  await expect(page.getByTestId('date-example')).toContainText('read as 1 July 2024');
  await expect(page.getByTestId('date-example')).toContainText('it would not read as chosen');
  await page.getByRole('button', { name: 'Back to automatic' }).click();
  await expect(page.getByTestId('date-example')).toContainText('read as 7 January 2024');

  // Columns: the kind's roles, mapped by hand; the project already has orders, so: add or replace.
  await page.getByRole('button', { name: 'Next: columns' }).click();
  const validate = page.getByRole('button', { name: 'Validate', exact: true });
  await expect(validate).toBeDisabled();
  await expect(page.locator('.wizard-footer-note')).toHaveText(
    'Choose the column for “Customer ID” — who bought.',
  );
  await mapOrderRoles(page);
  await expect(page.getByLabel('Role of Bestelldatum')).toHaveValue('date');
  await expect(page.getByLabel('Type of Bestelldatum')).toBeDisabled();
  // Three dates in the file are not dates, so the column reads as text; the importer rejects those rows.
  await expect(page.getByText('“Bestelldatum” is the Date but does not read as dates')).toBeVisible();
  const add = page.getByRole('radio', { name: /Add to them/ });
  await expect(add).toBeChecked();
  await expect(add.locator('..')).toContainText('The 300 transactions stay');
  await shot(page, '04-columns');

  // Validation: a dry run with progress, then counts per problem with example lines and reasons.
  await validate.click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible();
  await shot(page, '05-validating');
  await expect(page.getByTestId('figure-read')).toContainText(String(orders.rowsRead), { timeout: 20_000 });
  await expect(page.getByTestId('figure-imported')).toContainText(String(orders.valid));
  await expect(page.getByTestId('figure-rejected')).toContainText(String(orders.rejected));
  const problems = page.getByRole('table', { name: 'Problems found' });
  const problemRow = (name: string) => problems.getByRole('row').filter({ hasText: name });
  await expect(problemRow('Value does not fit its column')).toContainText(
    `3${orders.problems.badDate.join(', ')}`,
  );
  // The reason for the first of them, whatever words the service finds for it.
  await expect(problemRow('Value does not fit its column')).toContainText(
    `line ${orders.problems.badDate[0]}:`,
  );
  await expect(problemRow('Value does not fit its column')).toContainText('31.02.2024');
  await expect(problemRow('Customer not in the customer table')).toContainText(
    `4${orders.problems.unknownCustomer.join(', ')}`,
  );
  await expect(problemRow('Duplicate row')).toContainText(`2${orders.problems.duplicateRow.join(', ')}`);
  await expect(problemRow('Required value missing')).toContainText(`1${orders.problems.missingAmount[0]}`);
  await expect(problemRow('Header line repeated')).toContainText(`1${orders.problems.repeatedHeader[0]}`);
  await expect(page.getByTestId('validation-verdict')).toContainText(
    '600 transactions can be imported; 11 rows would be left out',
  );
  await expect(page.getByTestId('validation-verdict')).toContainText(
    'added to the 300 transactions now in the project',
  );

  // The rejected rows, with the reason for each, as a CSV file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save rejected rows as CSV…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^bestellungen.2024.h1-rejected\.csv$/);
  const csv = readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines).toHaveLength(1 + orders.rejected);
  expect(lines[0]).toMatch(/^line,/);
  expect(lines[0]).toContain('Kundennr,Bestelldatum,Betrag,Menge,Artikel');
  expect(lines.find((line) => line.startsWith(`${orders.problems.badDate[1]},`))).toContain('gestern');
  // Excel reads the umlauts right: one byte-order mark, not two.
  expect(
    readFileSync(await file.path())
      .subarray(0, 6)
      .toString('hex'),
  ).toMatch(/^efbbbf(?!efbbbf)/);
  await expect(
    page.getByText(new RegExp(`^Saved ${orders.rejected} rows as bestellungen.2024.h1-rejected\\.csv$`)),
  ).toBeVisible();
  await shot(page, '06-validation-report');

  // Import, then cancel half-way: nothing changes.
  await page.getByRole('button', { name: 'Import the 600 valid transactions' }).click();
  const progress = page.getByRole('progressbar', { name: 'Writing rows' });
  await expect(progress).toBeVisible({ timeout: 10_000 });
  await expect
    .poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(30);
  await expect(page.locator('.progress-details')).toContainText('rows/s');
  await expect(page.locator('.progress-details')).toContainText('left');
  await shot(page, '07-importing');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(
    page.getByText('Import cancelled. Nothing was changed: the project still has 300 transactions.'),
  ).toBeVisible();
  await shot(page, '08-cancelled');
  const project = fake.projects.get(shop)!;
  expect(project.datasets?.transactions?.rows).toHaveLength(300);
  expect(project.imports).toHaveLength(3);

  // …as the Imports page says too.
  await nav(page, 'Imports').click();
  await expect(page.getByTestId('dataset-transactions')).toContainText('300');
  await expect(page.getByRole('table', { name: 'History' }).getByRole('row')).toHaveCount(4);
  await expectClean(page, watch);
});

test('import like last time: a file of the same shape goes straight to the validation', async ({ page }) => {
  const fake = new FakeTenure({ projects: [shopProject(shop)] });
  await fake.attach(page);
  await startWizard(page, fake);
  await page.getByRole('radio', { name: /^Transactions/ }).check();
  await page.getByRole('button', { name: 'Next: read options' }).click();
  await page.getByRole('button', { name: 'Next: columns' }).click();
  await mapOrderRoles(page);
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await page.getByRole('button', { name: 'Import the 600 valid transactions' }).click();
  await expect(
    page.getByText('Added 600 transactions from bestellungen-2024-h1.csv (11 rows rejected).').first(),
  ).toBeVisible();
  await shot(page, '09-imported');

  // Next month's export has the same columns: one click repeats every choice.
  await page.getByRole('button', { name: 'Import another file' }).click();
  await page.getByLabel('Or type the path of a file on this computer').fill(orders.path);
  await page.getByRole('button', { name: 'Use this file' }).click();
  const offer = page
    .getByRole('note')
    .filter({ hasText: 'This file has the same columns as bestellungen-2024-h1.csv' });
  await expect(offer).toContainText('Kundennr → Customer ID');
  await shot(page, '10-like-last-time');
  await offer.getByRole('button', { name: 'Import like last time' }).click();
  // The very same bytes again would count every order twice: the dry run says so and offers a way on.
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('adding it again would count every row twice');
  await expect(alert.getByRole('button', { name: 'Add it again anyway' })).toBeVisible();
  const runs = fake.calls.filter((call) => call.channel === 'import.run');
  expect(runs[runs.length - 1]?.request).toMatchObject({
    kind: 'transactions',
    mode: 'append',
    dryRun: true,
    mapping: {
      customer: 'Kundennr',
      date: 'Bestelldatum',
      amount: 'Betrag',
      quantity: 'Menge',
      product: 'Artikel',
    },
  });
  await alert.getByRole('button', { name: 'Add it again anyway' }).click();
  await expect(page.getByTestId('figure-imported')).toContainText('600');
  expect(fake.calls.filter((call) => call.channel === 'import.run').pop()?.request).toMatchObject({
    allowRepeat: true,
  });
});

test('a workbook: the sheet picker and the title rows above the header', async ({ page }) => {
  const workbook = '/home/ana/exports/kunden-2024.xlsx';
  const fake = new FakeTenure({
    projects: [shopProject(shop)],
    workbooks: {
      [workbook]: {
        Hinweise: 'Exportiert am 01.07.2024\nNur für den internen Gebrauch',
        Kunden:
          'Kundenliste Juli 2024\nKundennr,Region,Tarif,Seit\nK0001,Nord,Plus,01.01.2022\nK0002,Süd,Basis,01.02.2022\nK0041,West,Basis,15.03.2024\n',
      },
    },
  });
  await fake.attach(page);
  await page.goto(fake.url(`&project=${encodeURIComponent(shop)}`));
  await nav(page, 'New import').click();
  await page.getByLabel('Or type the path of a file on this computer').fill(workbook);
  await page.getByRole('button', { name: 'Use this file' }).click();
  await expect(page.locator('.chosen-file')).toContainText('Excel workbook');
  await page.getByRole('button', { name: 'Next: read options' }).click();
  await expect(page.getByLabel('Encoding')).toHaveCount(0);
  await page.getByLabel('Sheet', { exact: true }).selectOption('Kunden');
  await expect(page.getByLabel('Title rows to skip')).toHaveValue('1');
  await expect(page.getByText('the first line has fewer fields than the table below: a title')).toBeVisible();
  const preview = page.getByRole('region', { name: 'Preview of the first rows' });
  await expect(preview.getByRole('columnheader', { name: /Kundennr/ })).toBeVisible();
  await expect(preview).toContainText('K0041');
  await shot(page, '11-workbook-sheet');
});

test('the Imports page: what each dataset holds, every import, undo with a confirm dialog', async ({
  page,
}) => {
  const fake = new FakeTenure({ projects: [shopProject(shop)], pace: { undoMs: 1500 } });
  await fake.attach(page);
  const watch = await watchPage(page, fake.origin);
  await page.goto(fake.url(`&project=${encodeURIComponent(shop)}`));
  await nav(page, 'Imports').click();
  await expect(page.getByTestId('dataset-customers')).toContainText('40');
  await expect(page.getByTestId('dataset-transactions')).toContainText('300');
  await expect(page.getByText('Not imported yet: subscriptions, events, feedback answers.')).toBeVisible();
  const history = page.getByRole('table', { name: 'History' });
  const row = (file: string) => history.getByRole('row').filter({ hasText: file });
  await expect(row('bestellungen-2023-h1.csv')).toContainText(
    'Only the latest import of transactions can be undone; undo the newer one first.',
  );
  await expect(
    row('kunden.csv').getByRole('button', { name: 'Undo the import of kunden.csv' }),
  ).toBeVisible();
  await shot(page, '12-imports');

  await row('bestellungen-2023-h2.csv').getByRole('button', { name: /^Undo/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo the import of bestellungen-2023-h2.csv?' });
  await expect(dialog).toContainText(
    'The 120 transactions it added are removed; the other 180 transactions stay.',
  );
  await shot(page, '13-undo-dialog');
  await dialog.getByRole('button', { name: 'Undo the import' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByTestId('dataset-transactions')).toContainText('180');
  await expect(row('bestellungen-2023-h2.csv')).toContainText('Undone');
  await expect(row('bestellungen-2023-h1.csv').getByRole('button', { name: /^Undo/ })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Undid the import of bestellungen-2023-h2.csv.' }),
  ).toBeVisible();
  await shot(page, '14-undone');
  await expectClean(page, watch);
});

test('the churn definition page: in force, the histogram and its window, what is unavailable, save', async ({
  page,
}) => {
  const fake = new FakeTenure({ projects: [shopProject(shop)], pace: { definitionMs: 1500 } });
  await fake.attach(page);
  const watch = await watchPage(page, fake.origin);
  await page.goto(fake.url(`&project=${encodeURIComponent(shop)}`));
  await nav(page, 'Churn definition').click();
  await expect(page.getByTestId('definition-summary')).toContainText('Churned = no order for');
  await expect(page.getByTestId('definition-asof')).toContainText('2023-12-28 (the latest date in the data)');
  await expect(page.getByRole('radio', { name: /Churned flag/ })).toBeDisabled();
  await expect(page.getByText('Not available: needs a churned column in the customer table')).toBeVisible();
  await expect(page.getByRole('radio', { name: /Contractual/ })).toBeDisabled();
  await expect(page.getByText('Not available: needs a subscriptions dataset')).toBeVisible();
  const chart = page.getByTestId('inter-purchase-chart');
  await expect(chart).toHaveAttribute('aria-label', /inactivity window \d+ days/);
  await expect(page.locator('.inactivity-reasoning')).toContainText('Chosen from the data');
  await shot(page, '15-definition');

  await page.getByRole('radio', { name: /Non-contractual/ }).check();
  await page.getByLabel('Inactivity window in days').fill('60');
  await expect(chart).toHaveAttribute('aria-label', /inactivity window 60 days/);
  await expect(page.locator('.inactivity-reasoning')).toContainText('With 60 days, about');
  await page.getByLabel('As-of date').fill('2023-12-31');
  await shot(page, '16-definition-edited');
  await page.getByRole('button', { name: 'Save and recompute' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await expect(page.getByTestId('definition-summary')).toHaveText(
    'Churned = no order for 60 days before 2023-12-31.',
  );
  await expect(page.getByTestId('definition-asof')).toContainText('2023-12-31 (set by you)');
  await shot(page, '17-definition-saved');

  // Every analysis states it: the overview's header follows.
  await nav(page, 'Overview').click();
  await expect(page.getByTestId('definition-line')).toContainText(
    'Churned = no order for 60 days before 2023-12-31.',
  );
  await expect(page.getByTestId('definition-line')).toContainText('As of 2023-12-31 (set by you)');
  await expectClean(page, watch);
});

test('the data quality page: warnings first, rows per month with the gap, every column', async ({ page }) => {
  const fake = new FakeTenure({ projects: [shopProject(shop)] });
  await fake.attach(page);
  const watch = await watchPage(page, fake.origin);
  await page.goto(fake.url(`&project=${encodeURIComponent(shop)}`));
  await nav(page, 'Data quality').click();
  const warnings = page.getByRole('region', { name: 'What to look at' });
  await expect(warnings).toContainText('One month has no transactions at all');
  await expect(warnings).toContainText('2023-03');
  const orders = page.getByTestId('quality-transactions');
  await expect(orders).toContainText('2023-01-01 to 2023-12-28');
  await expect(orders.getByTestId('rows-by-month-chart')).toHaveAttribute(
    'aria-label',
    /Months without rows: 2023-03\./,
  );
  const columns = orders.getByRole('table', { name: 'Columns of transactions' });
  await expect(columns.getByRole('row').filter({ hasText: 'Betrag' })).toContainText('Amount');
  await expect(columns.getByRole('row').filter({ hasText: 'Artikel' })).toContainText('Kaffeemühle');
  await shot(page, '18-quality');
  await orders.scrollIntoViewIfNeeded();
  await shot(page, '19-quality-orders');
  await expectClean(page, watch);
});

test('a shop with orders only: customers come from the orders', async ({ page }) => {
  const fake = new FakeTenure();
  await fake.attach(page);
  await page.goto(fake.url());
  await page.getByLabel('Name or full path').fill('Nur Bestellungen');
  await page.getByLabel('Name or full path').press('Enter');
  await page.getByLabel('Or type the path of a file on this computer').fill(orders.path);
  await page.getByRole('button', { name: 'Use this file' }).click();
  await page.getByRole('button', { name: 'Next: read options' }).click();
  await page.getByRole('button', { name: 'Next: columns' }).click();
  await mapOrderRoles(page);
  // No customer table to check ids against, and no orders yet: nothing to add to or replace.
  await expect(page.getByRole('radio', { name: /Add to them/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await page.getByRole('button', { name: /^Import the 604 valid transactions/ }).click();
  await page.getByRole('button', { name: 'Open the overview' }).click();
  // 40 customers and the 4 the customer table would not have known: 44 ids in the orders.
  await expect(page.getByTestId('kpi-customers')).toContainText('44');
  await expect(page.getByTestId('definition-line')).toContainText('Churned = no order for');
  await nav(page, 'Customers').click();
  await expect(page.getByTestId('customers-count')).toHaveText('44 customers');
  await shot(page, '21-orders-only-customers');
});

test('a project without data: empty states on the new pages', async ({ page }) => {
  const fake = new FakeTenure();
  await fake.attach(page);
  await page.goto(fake.url());
  await page.getByLabel('Name or full path').fill('Leer');
  await page.getByLabel('Name or full path').press('Enter');
  await expect(page.getByRole('heading', { name: 'Import data' })).toBeVisible();
  await nav(page, 'Imports').click();
  await expect(page.getByRole('heading', { name: 'No imports yet' })).toBeVisible();
  await shot(page, '20-imports-empty');
  await nav(page, 'Data quality').click();
  await expect(page.getByRole('heading', { name: 'No data to check yet' })).toBeVisible();
  await nav(page, 'Churn definition').click();
  await expect(page.getByRole('heading', { name: 'No data to define churn on yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Import data' }).click();
  await expect(page.getByText('Drop a CSV or Excel file here')).toBeVisible();
});
