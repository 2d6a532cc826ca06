/**
 * Renderer states the real sample cannot show, against an in-memory fake of the bridge
 * (support/fake-tenure.ts) and the built renderer in out/renderer: a million customers scrolling,
 * errors with file/line/column, a churned flag that is not yes/no (R's lung data: status 2 = event),
 * the missing-token page, keyboard use, and the replace-customers dialog.
 * Screenshots go to tests/output/e2e/renderer-states/.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FakeTenure, syntheticProject } from './support/fake-tenure';
import { watchPage } from './support/page-watch';

const shots = 'tests/output/e2e/renderer-states';
const million = '/home/ana/Documents/Tenure/Million.tenure';

test.use({ locale: 'en-US', timezoneId: 'UTC' });
test.skip(
  !existsSync(join(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html')),
  'out/renderer is not built: run `npm run build` first (npm test does)',
);

async function expectClean(page: Page, watch: Awaited<ReturnType<typeof watchPage>>) {
  expect(watch.consoleErrors).toEqual([]);
  expect(await watch.cspViolations()).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}

test('a million customers scroll smoothly, fetching only the pages in view', async ({ page }) => {
  const fake = new FakeTenure({ projects: [syntheticProject(million, 1_000_000)] });
  await fake.attach(page);
  const watch = await watchPage(page, fake.origin);
  await page.goto(fake.url(`&project=${encodeURIComponent(million)}`));
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Customers' }).click();
  await expect(page.getByTestId('customers-count')).toHaveText('1,000,000 customers');
  const table = page.getByRole('table', { name: /Customers of/ });
  await expect(table).toHaveAttribute('aria-rowcount', '1000001');
  const firstCell = (row: number) =>
    page.locator(`.vtable-body [role=row][aria-rowindex="${row + 2}"] [role=cell]`).first();
  await expect(firstCell(0)).toHaveText('C0000001');

  // Jump to the middle and to the end: the rows there arrive, the pages flown past are never asked for.
  await table.evaluate((element) => {
    const box = element as unknown as { scrollTop: number; scrollHeight: number };
    box.scrollTop = box.scrollHeight / 2;
  });
  // The virtualiser renders the new range on the next frame: wait for rows from the middle.
  const renderedRow = async () =>
    Number(await page.locator('.vtable-body [role=row]').nth(15).getAttribute('aria-rowindex')) - 2;
  await expect.poll(renderedRow).toBeGreaterThan(400_000);
  const middle = await renderedRow();
  await expect(firstCell(middle)).toHaveText(`C${String(middle + 1).padStart(7, '0')}`);
  await page.screenshot({ path: `${shots}/million-middle.png` });
  await table.press('End');
  await expect(firstCell(999_999)).toHaveText('C1000000');

  // Wheel through a stretch and measure frame gaps in the page while it scrolls.
  await table.hover();
  await page.evaluate(() => {
    const state = globalThis as unknown as {
      __gaps: number[];
      requestAnimationFrame(cb: (t: number) => void): void;
    };
    state.__gaps = [];
    let last = 0;
    const tick = (time: number) => {
      if (last) state.__gaps.push(time - last);
      last = time;
      if (state.__gaps.length < 120) state.requestAnimationFrame(tick);
    };
    state.requestAnimationFrame(tick);
  });
  for (let i = 0; i < 40; i++) await page.mouse.wheel(0, -900);
  const gaps = await page.evaluate(() => (globalThis as unknown as { __gaps: number[] }).__gaps);
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  test.info().annotations.push({
    type: 'frame gaps (ms)',
    description: `median ${median.toFixed(1)}, p95 ${p95.toFixed(1)}`,
  });
  // Generous bounds: two shared cores and a software-rendered Chromium, sometimes beside a build. A table
  // that rendered every row, or re-rendered all cached pages per scroll event, shows gaps of seconds.
  expect(median).toBeLessThan(100);
  expect(p95).toBeLessThan(400);

  const pageCalls = fake.calls.filter((call) => call.channel === 'customers.page').length;
  expect(pageCalls).toBeLessThan(40);
  await page.screenshot({ path: `${shots}/million-end.png` });
  await expectClean(page, watch);
});

test('a fatal import error names the file, the line and the column, and leads back to the fix', async ({
  page,
}) => {
  const fake = new FakeTenure({
    failures: {
      'import.run': {
        code: 'PARSE_ERROR',
        message: 'A quoted field opened here is never closed.',
        details: { file: '/home/ana/exports/customers.csv', line: 12, column: 3 },
      },
    },
  });
  await fake.attach(page);
  await page.goto(fake.url());
  await page.getByRole('button', { name: 'Try the Telco sample' }).click();
  await page.getByRole('button', { name: 'Next: columns' }).click();
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The file cannot be imported as it is');
  await expect(alert).toContainText('A quoted field opened here is never closed.');
  await expect(alert).toContainText('In customers.csv, line 12, column 3');
  await page.screenshot({ path: `${shots}/parse-error.png` });
  await alert.getByRole('button', { name: 'Change the read options' }).click();
  await expect(page.getByLabel('Delimiter')).toBeVisible();
});

test('asks which value means churned when the flag is not yes/no (lung: status 2 = event)', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-lung-'));
  const lung = join(dir, 'lung.csv');
  // A few rows in the shape of R's survival::lung: time in days, status 1 = censored, 2 = dead.
  writeFileSync(
    lung,
    'id,time,status,sex\n1,306,2,1\n2,455,2,1\n3,1010,1,1\n4,210,2,2\n5,883,2,1\n6,1022,1,2\n',
  );
  const fake = new FakeTenure();
  await fake.attach(page);
  const watch = await watchPage(page, fake.origin);
  await page.goto(fake.url());
  await page.getByLabel('Name or full path').fill('Lung');
  await page.getByLabel('Name or full path').press('Enter');
  await expect(page.getByText('Drop a CSV or Excel file here')).toBeVisible();
  await page.getByLabel('Or type the path of a file on this computer').fill(lung);
  await page.getByRole('button', { name: 'Use this file' }).click();
  // No column names of orders, events… : a customer table is guessed, and the user agrees.
  await expect(page.getByRole('radio', { name: /^Customers/ })).toBeChecked();
  await page.getByRole('button', { name: 'Next: read options' }).click();
  await page.getByRole('button', { name: 'Next: columns' }).click();

  await page.getByLabel('Role of id').selectOption('id');
  await page.getByLabel('Role of time').selectOption('tenure');
  await page.getByLabel('Role of status').selectOption('churned');
  await expect(page.getByText('Which value(s) of “status” mean the customer churned?')).toBeVisible();
  const validate = page.getByRole('button', { name: 'Validate', exact: true });
  await expect(validate).toBeDisabled();
  await page.getByRole('radio', { name: 'days' }).check();
  await page.getByRole('checkbox', { name: /^2/ }).check();
  await page.screenshot({ path: `${shots}/lung-churned-value.png` });
  await expect(validate).toBeEnabled();
  await validate.click();
  await expect(page.getByRole('button', { name: /^Import 6 customers/ })).toBeVisible();
  const run = fake.calls.find((call) => call.channel === 'import.run');
  expect(run?.request).toMatchObject({
    mapping: { id: 'id', tenure: 'time', churned: 'status' },
    churnedValues: ['2'],
    tenureUnit: 'days',
    dryRun: true,
  });
  await expectClean(page, watch);
});

test('without its token the page says how to open Tenure', async ({ page }) => {
  const fake = new FakeTenure();
  await fake.attach(page);
  await page.goto(`${fake.origin}/`);
  await expect(page.getByRole('heading', { name: 'Open Tenure from the link it printed' })).toBeVisible();
  expect(fake.calls).toEqual([]);
  await page.screenshot({ path: `${shots}/no-token.png` });
});

test('errors of the overview are shown with a way to try again', async ({ page }) => {
  const fake = new FakeTenure({
    projects: [syntheticProject(million, 10)],
    failures: {
      'overview.get': { code: 'INTERNAL', message: 'The project file is locked by another program.' },
    },
  });
  await fake.attach(page);
  await page.goto(fake.url(`&project=${encodeURIComponent(million)}`));
  await expect(page.getByRole('alert')).toContainText('The project file is locked by another program.');
  await expect(page.getByRole('alert').getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.screenshot({ path: `${shots}/overview-error.png` });
});

test('keyboard: the sidebar moves with arrows, the replace dialog answers Escape and Enter', async ({
  page,
}) => {
  const fake = new FakeTenure();
  await fake.attach(page);
  await page.goto(fake.url());
  await page.getByRole('button', { name: 'Try the Telco sample' }).click();
  await page.getByRole('button', { name: 'Next: columns' }).click();
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await page.getByRole('button', { name: /^Import 7,043 customers/ }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Imported 7,043 customers' }).first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Open the overview' }).click();
  await expect(page.getByTestId('kpi-customers')).toContainText('7,043');

  // Sidebar: Tab lands on the current section; arrows move; Enter opens.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('button', { name: 'Overview' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: 'Churn definition' })).toBeFocused();
  // Across the group boundary into Retention, down its five views, Risk's two and Value's four, into Data.
  await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: 'Churn over time' })).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: 'Train & compare' })).toBeFocused();
  for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: 'RFM' })).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: 'Customers' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: 'New import' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(nav.getByRole('button', { name: 'Data quality' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(nav.getByRole('button', { name: 'New import' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Import data' })).toBeVisible();

  // A second import of the sample would replace the 7,043 customers: a dialog asks first.
  await page.getByRole('button', { name: 'Use the sample: IBM Telco customer churn' }).click();
  await page.getByRole('button', { name: 'Next: read options' }).click();
  await page.getByRole('button', { name: 'Next: columns' }).click();
  await expect(page.getByRole('radio', { name: /Replace them/ })).toBeChecked();
  await page.getByRole('button', { name: 'Validate', exact: true }).click();
  await page.getByRole('button', { name: /^Import 7,043 customers/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Replace the customers in this project?' });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: `${shots}/replace-dialog.png` });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: /^Import 7,043 customers/ }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Replace and import' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Open the overview' })).toBeVisible();
  expect(
    fake.calls.filter(
      (call) => call.channel === 'import.run' && (call.request as { dryRun?: boolean }).dryRun === false,
    ),
  ).toHaveLength(2);
});

test('a reload keeps the token and the open project of this tab, not in the address bar', async ({
  page,
}) => {
  const fake = new FakeTenure({ projects: [syntheticProject(million, 10)] });
  await fake.attach(page);
  await page.goto(fake.url(`&project=${encodeURIComponent(million)}`));
  await expect(page.locator('.topbar-name')).toHaveText('A million customers');
  expect(page.url()).toBe(`${fake.origin}/`);
  await page.reload();
  await expect(page.locator('.topbar-name')).toHaveText('A million customers');
  await page.getByRole('button', { name: 'Close project' }).click();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Try a sample dataset' })).toBeVisible();
});

test('without churn or tenure columns the overview shows dashes and says why', async ({ page }) => {
  const path = '/home/ana/Documents/Tenure/Plain.tenure';
  const fake = new FakeTenure({
    projects: [
      {
        path,
        name: 'Plain',
        createdAt: '2025-01-01T00:00:00.000Z',
        columns: [
          { key: 'id', name: 'id', type: 'text', role: 'id' },
          { key: 'region', name: 'region', type: 'category', role: 'attribute' },
        ],
        rows: [
          { id: 'a', region: 'North' },
          { id: 'b', region: 'South' },
        ],
        lastImport: {
          id: 1,
          kind: 'customers',
          fileName: 'plain.csv',
          finishedAt: '2025-01-01T00:00:00.000Z',
          imported: 2,
          rejected: 0,
        },
      },
    ],
  });
  await fake.attach(page);
  await page.goto(fake.url(`&project=${encodeURIComponent(path)}`));
  await expect(page.getByTestId('kpi-customers')).toContainText('2');
  await expect(page.getByTestId('kpi-churned')).toContainText('—');
  await expect(page.getByTestId('kpi-churned')).toContainText('No churned flag or end dates were imported');
  await expect(page.getByTestId('kpi-tenure')).toContainText('Needs a tenure column or start dates.');
  await expect(page.getByText('Churn by attribute needs a churned flag or end dates.')).toBeVisible();
  expect(fake.calls.some((call) => call.channel === 'overview.churnBy')).toBe(false);
  await page.screenshot({ path: `${shots}/no-churn-info.png` });
});

test('recent projects: a missing file is greyed and can be forgotten', async ({ page }) => {
  const fake = new FakeTenure({
    recent: [
      {
        path: '/home/ana/Documents/Tenure/Gone.tenure',
        name: 'Gone',
        lastOpenedAt: '2025-03-01T09:00:00Z',
        exists: false,
      },
    ],
  });
  await fake.attach(page);
  await page.goto(fake.url());
  const entry = page.getByRole('listitem').filter({ hasText: 'Gone' });
  await expect(entry).toContainText('File not found');
  await expect(entry.getByRole('button', { name: /^Gone/ })).toBeDisabled();
  await entry.getByRole('button', { name: /^Forget Gone/ }).click();
  await expect(page.getByText('Projects you create or open appear here.')).toBeVisible();
});
