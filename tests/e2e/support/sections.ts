import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { telcoCsv } from '../../support/datasets';
import type { RunningBrowserMode } from './browser-mode';
import { watchPage, type PageWatch } from './page-watch';

/** Calls a channel of a running browser mode through its bridge, as the renderer does. */
export async function callBridge<T>(
  tenure: RunningBrowserMode,
  channel: string,
  request: unknown,
): Promise<T> {
  const token = new URLSearchParams(new URL(tenure.url).hash.slice(1)).get('token') ?? '';
  const response = await fetch(`${tenure.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenure-token': token },
    body: JSON.stringify(request),
  });
  const result = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
  return result.value;
}

/** Clicks a section in the sidebar and waits for its page title. */
export async function goToSection(page: Page, section: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: section, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible();
}

/** Opens a project (by the launch link) on one section, watching the page for what must not happen. */
export async function openSection(
  page: Page,
  tenure: RunningBrowserMode,
  project: string,
  section: string,
): Promise<PageWatch> {
  const watch = await watchPage(page, tenure.origin);
  await page.goto(`${tenure.url}&project=${encodeURIComponent(project)}`);
  await goToSection(page, section);
  return watch;
}

/** No console errors, CSP violations or requests to other sites. */
export async function expectCleanPage(watch: PageWatch): Promise<void> {
  expect(watch.consoleErrors).toEqual([]);
  expect(await watch.cspViolations()).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}

/**
 * Creates "<name>.tenure" in the projects folder through the bridge and imports the telco sample's
 * customers into it: with the churn flag and the tenure in months, or, `withChurn` false, the ids only
 * (a project with nothing to analyse).
 */
export async function importTelcoProject(
  tenure: RunningBrowserMode,
  name: string,
  withChurn = true,
): Promise<{ project: string; imported: number }> {
  const project = join(tenure.projectsDir, `${name}.tenure`);
  await callBridge(tenure, 'project.create', { path: project, name });
  const report = await callBridge<{ imported: number }>(tenure, 'import.run', {
    project,
    path: telcoCsv,
    kind: 'customers',
    ...(withChurn
      ? { mapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' }, tenureUnit: 'months' }
      : { mapping: { id: 'customer_id' } }),
  });
  return { project, imported: report.imported };
}
