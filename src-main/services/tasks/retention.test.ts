import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppliedChurnDefinition } from '@shared/domain/churn-definition';
import { ProjectConnections } from '../../jobs/project-connections';
import { createTaskContext, type TaskContext } from '../../jobs/task-context';
import { openProjectFile } from '../../store/database';
import { insertImport } from '../../store/imports';
import { replaceCustomerTable, type StoredColumn } from '../../store/customers';
import { churnKnownUntil, churnOverTimeTask, cohortsTask } from './retention';

// Four hand-made customers with start and end dates and a churned flag (churn date = the end date):
//  c1 2024-01-10 → churned 2024-02-15; c2 2024-01-20, active; c3 2024-02-05 → churned 2024-02-20;
//  c4 2024-03-01, active. As-of = the latest date in the data, 2024-03-01 (March incomplete).
const people: [string, boolean, string, string | null][] = [
  ['c1', true, '2024-01-10', '2024-02-15'],
  ['c2', false, '2024-01-20', null],
  ['c3', true, '2024-02-05', '2024-02-20'],
  ['c4', false, '2024-03-01', null],
];

const columns: StoredColumn[] = [
  { position: 0, key: 'id', name: 'customer', type: 'text', role: 'id' },
  { position: 1, key: 'churned', name: 'left', type: 'boolean', role: 'churned' },
  { position: 2, key: 'start', name: 'since', type: 'date', role: 'start' },
  { position: 3, key: 'end', name: 'until', type: 'date', role: 'end' },
];

let dir: string;
let project: string;
let ctx: TaskContext;
let connections: ProjectConnections;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-retention-'));
  project = join(dir, 'p.tenure');
  const db = openProjectFile(project, { create: true });
  db.transaction(() => {
    const importId = insertImport(db, {
      kind: 'customers',
      fileName: 'hand.csv',
      filePath: '/hand.csv',
      fileSize: 1,
      fileSha256: 'x',
      startedAt: 't',
      finishedAt: 't',
      rowsRead: 4,
      rowsImported: 4,
      rowsRejected: 0,
      options: {},
      mapping: {},
    });
    const { writer } = replaceCustomerTable(db, columns);
    people.forEach(([id, churned, start, end], index) => {
      writer.insert({ id, importId, line: index + 2, churned, start, end, tenure: null }, []);
    });
  })();
  db.close();
  connections = new ProjectConnections();
  ctx = createTaskContext({ isCancelled: () => false, emit: () => undefined, projects: connections });
});

afterAll(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('retention tasks', () => {
  it('churn over time from first activity to churn date, counted by hand', () => {
    const result = churnOverTimeTask({ project, period: 'month', samePeriodChurn: 'counted' }, ctx);
    expect(result).toMatchObject({ asOf: '2024-03-01', customers: 4, withoutStart: 0 });
    expect(
      result.periods.map((p) => [
        p.period,
        p.complete,
        p.customersAtStart,
        p.newCustomers,
        p.churned,
        p.joinedAndChurned,
        p.customersAtEnd,
      ]),
    ).toEqual([
      ['2024-01', true, 0, 2, 0, 0, 2],
      ['2024-02', true, 2, 1, 2, 1, 1],
      ['2024-03', false, 1, 1, 0, 0, 2],
    ]);
    expect(result.periods[1]?.churnRate).toBe(1);
    // The KPI reads complete periods only: February (1) after January (no one at start: no rate).
    expect(result.kpi).toMatchObject({
      latest: { period: '2024-02', value: 1 },
      previous: null,
      trailingPeriods: 1,
    });
    const excluded = churnOverTimeTask(
      { project, period: 'month', samePeriodChurn: 'excluded-from-churned' },
      ctx,
    );
    expect(excluded.periods[1]).toMatchObject({ churned: 1, churnRate: 0.5 });
  });

  it('cohorts without transactions: "or later" up to the churn date; "active in period" NOT_AVAILABLE', () => {
    const result = cohortsTask({ project, period: 'month', definition: 'active-in-period-or-later' }, ctx);
    expect(result.activity).toBe('churn-date');
    expect(
      result.cohorts.map((c) => [
        c.key,
        c.size,
        c.cells.map((cell) => [cell.k, cell.retained, cell.complete]),
      ]),
    ).toEqual([
      // January: c1 (to February) and c2 (still active at as-of, March).
      [
        '2024-01',
        2,
        [
          [0, 2, true],
          [1, 2, true],
          [2, 1, false],
        ],
      ],
      // February: c3 churns within its own month.
      [
        '2024-02',
        1,
        [
          [0, 1, true],
          [1, 0, false],
        ],
      ],
      ['2024-03', 1, [[0, 1, false]]],
    ]);
    expect(result.average[1]).toMatchObject({ cohorts: 1, customers: 2, share: 1 });
    expect(() => cohortsTask({ project, period: 'month', definition: 'active-in-period' }, ctx)).toThrow(
      /needs transactions/,
    );
  });
});

describe('churnKnownUntil', () => {
  const applied = (
    definition: AppliedChurnDefinition['definition'],
    days: Partial<AppliedChurnDefinition>,
  ) => ({
    definition,
    graceDays: null,
    inactivityDays: null,
    asOf: '1998-06-30',
    asOfSource: 'data' as const,
    summary: '',
    explanation: '',
    ...days,
  });

  it('is as-of minus the window: more than N days without an order, at least the grace days after an end', () => {
    // Churned after more than 90 days: a last order on 1998-03-31 is 91 days before as-of (known), 04-01 is 90.
    expect(
      churnKnownUntil(
        applied({ kind: 'non-contractual', inactivityDays: 90 }, { inactivityDays: 90 }),
        '1998-06-30',
      ),
    ).toBe('1998-03-31');
    // At least 30 days after the last end: an end on 1998-05-31 is 30 days before as-of (known).
    expect(
      churnKnownUntil(applied({ kind: 'contractual', graceDays: 30 }, { graceDays: 30 }), '1998-06-30'),
    ).toBe('1998-05-31');
    expect(
      churnKnownUntil(applied({ kind: 'contractual', graceDays: 0 }, { graceDays: 0 }), '1998-06-30'),
    ).toBeNull();
    expect(churnKnownUntil(applied({ kind: 'flag' }, {}), '1998-06-30')).toBeNull();
  });
});
