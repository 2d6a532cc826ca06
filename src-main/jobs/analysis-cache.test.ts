import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRequest } from '@shared/contract/import';
import { handMadeProject, type HandMadeProject } from '../../tests/support/hand-made-project';
import { importDatasetTask } from '../import/dataset-import';
import { undoImportTask } from '../import/undo-import';
import { setChurnDefinitionTask } from '../services/tasks/churn';
import { analysisCache } from './analysis-cache';
import { tasks } from './tasks';

// Three customers with start and end dates; the analyses run through the task table, as the worker runs
// them, and the cache's counters tell computed from served.
let hand: HandMadeProject;
beforeAll(() => {
  hand = handMadeProject(
    'cache',
    [
      { position: 0, key: 'id', name: 'customer', type: 'text', role: 'id' },
      { position: 1, key: 'churned', name: 'left', type: 'boolean', role: 'churned' },
      { position: 2, key: 'start', name: 'since', type: 'date', role: 'start' },
      { position: 3, key: 'end', name: 'until', type: 'date', role: 'end' },
    ],
    [
      { id: 'c1', churned: true, start: '2024-01-10', end: '2024-02-15', attributes: [] },
      { id: 'c2', churned: false, start: '2024-01-20', end: null, attributes: [] },
      { id: 'c3', churned: false, start: '2024-02-05', end: null, attributes: [] },
    ],
  );
  analysisCache.clear();
});
afterAll(() => hand.dispose());

describe('analysis cache', () => {
  const request = () =>
    ({ project: hand.project, period: 'month', samePeriodChurn: 'counted', filters: [] }) as const;
  const run = () => tasks['retention.churnOverTime'](request(), hand.ctx);

  it('serves the same request twice from one computation; another request is computed', () => {
    const first = run();
    const second = run();
    expect(second).toBe(first);
    expect(analysisCache.stats()).toMatchObject({ hits: 1, misses: 1 });
    tasks['retention.churnOverTime']({ ...request(), samePeriodChurn: 'ignored' }, hand.ctx);
    expect(analysisCache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('recomputes after a churn-definition change, an import and an undo', async () => {
    const before = run();
    const misses = analysisCache.stats().misses;
    setChurnDefinitionTask(
      { project: hand.project, setting: { definition: null, asOf: '2024-03-31' } },
      hand.ctx,
    );
    const afterDefinition = run();
    expect(afterDefinition.asOf).toBe('2024-03-31');
    expect(analysisCache.stats().misses).toBe(misses + 1);

    const path = join(dirname(hand.project), 'subscriptions.csv');
    writeFileSync(path, 'customer,start,end,mrr\nc2,2024-01-20,,50\nc3,2024-02-05,,70\n');
    const report = await importDatasetTask(
      ImportRequest.parse({
        project: hand.project,
        path,
        kind: 'subscriptions',
        mapping: { customer: 'customer', start: 'start', end: 'end', mrr: 'mrr' },
      }),
      hand.ctx,
    );
    const afterImport = run();
    expect(afterImport.mrr).not.toBeNull();
    expect(analysisCache.stats().misses).toBe(misses + 2);

    undoImportTask({ project: hand.project, importId: report.importId! }, hand.ctx);
    const afterUndo = run();
    expect(afterUndo.mrr).toBeNull();
    expect(analysisCache.stats().misses).toBe(misses + 3);
    expect(afterUndo).not.toBe(before);
    run();
    expect(analysisCache.stats().misses).toBe(misses + 3);
  });
});
