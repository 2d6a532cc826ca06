import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppEnvironment } from '../../src-main/app/environment';
import { createEnvironment } from '../../src-main/app/create-environment';
import type { AppMode } from '@shared/contract/app';
import { createClient, type Client } from '@shared/contract';
import { AppError } from '@shared/errors';
import { createServices, type Services } from '../../src-main/services';
import { createDispatch } from '../../src-main/transports/dispatch';
import { telcoCsv } from '../support/datasets';

export const root = resolve(import.meta.dirname, '..', '..');

/**
 * An environment for the real services in a fresh temporary folder: its own settings and projects
 * folders (through TENURE_DATA_DIR / TENURE_PROJECTS_DIR, as users would set them) and the worker run from
 * its TypeScript source, since tests run before any build.
 */
export function testEnvironment(mode: AppMode): { environment: AppEnvironment; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), `tenure-${mode}-`));
  process.env.TENURE_DATA_DIR = join(dir, 'data');
  process.env.TENURE_PROJECTS_DIR = join(dir, 'projects');
  // Run from TypeScript, createEnvironment picks the worker's source (see sourceWorker).
  const environment = createEnvironment(mode);
  return { environment, dir };
}

/**
 * The real services over an environment and a client that calls them through the dispatch, as the
 * transports do: a failure comes back as the AppError it was, and cancel and progress are passed on.
 */
export function realClient(environment: AppEnvironment): { services: Services; client: Client } {
  const services = createServices(environment);
  const dispatch = createDispatch(services.handlers);
  const client = createClient(async (name, request, options) => {
    const result = await dispatch(name, request, {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    if (!result.ok) throw AppError.fromData(result.error);
    return result.value;
  });
  return { services, client };
}

/** Creates a project at `project` holding the telco sample's customers (churn flag, tenure in months). */
export async function importTelco(client: Client, project: string): Promise<void> {
  await client.project.create({ path: project });
  await client.import.run({
    project,
    path: telcoCsv,
    kind: 'customers',
    mapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
    tenureUnit: 'months',
  });
}
