import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppEnvironment } from '../../src-main/app/environment';
import { createEnvironment } from '../../src-main/app/create-environment';
import type { AppMode } from '@shared/contract/app';

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
