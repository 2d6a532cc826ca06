import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceWorker } from '../app/environment';
import { openProjectFile } from '../store/database';
import { WorkerHost } from './worker-host';
import { failure } from '../../tests/support/app-errors';

let dir: string;
let project: string;
let bigFile: string;
let host: WorkerHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-host-'));
  project = join(dir, 'p.tenure');
  openProjectFile(project, { create: true }).close();
  bigFile = join(dir, 'big.csv');
  const out = createWriteStream(bigFile);
  out.write('id,churned,plan\n');
  for (let i = 0; i < 300_000; i++) {
    if (!out.write(`c${i},${i % 4 ? 'no' : 'yes'},p${i % 5}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  host = new WorkerHost(sourceWorker(), 'test');
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('WorkerHost', () => {
  it('runs a task in a worker thread and returns its result', async () => {
    const overview = await host.run('overview.get', { project });
    expect(overview).toMatchObject({ customers: 0, churned: null });
  });

  it('carries an AppError across the thread with its code', async () => {
    const error = await failure(host.run('overview.get', { project: join(dir, 'nope.tenure') }));
    expect(error.code).toBe('NOT_FOUND');
  });

  it('reports progress and, when cancelled mid-import, rolls back', async () => {
    const controller = new AbortController();
    const phases: string[] = [];
    const error = await failure(
      host.run(
        'import.customers',
        {
          project,
          path: bigFile,
          kind: 'customers',
          mapping: { id: 'id', churned: 'churned' },
          mode: 'replace',
          allowRepeat: false,
          dryRun: false,
        },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            phases.push(progress.phase);
            if (progress.phase === 'importing') controller.abort();
          },
        },
      ),
    );
    expect(error.code).toBe('CANCELLED');
    expect(phases).toContain('scanning');
    expect(phases).toContain('importing');
    const db = openProjectFile(project);
    expect(db.prepare('SELECT COUNT(*) FROM customers').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM imports').pluck().get()).toBe(0);
    db.close();
  });

  it('cancels a queued task without running it', async () => {
    const controller = new AbortController();
    const running = host.run('import.customers', {
      project,
      path: bigFile,
      kind: 'customers',
      mapping: { id: 'id', churned: 'churned' },
      mode: 'replace',
      allowRepeat: false,
      dryRun: true,
    });
    const queued = host.run('overview.get', { project }, { signal: controller.signal });
    controller.abort();
    expect((await failure(queued)).code).toBe('CANCELLED');
    expect(await running).toMatchObject({ imported: 300_000, dryRun: true });
  });
});
