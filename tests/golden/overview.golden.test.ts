import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRequest } from '@shared/contract/import';
import { importCustomersTask } from '../../src-main/import/customers-import';
import { ProjectConnections } from '../../src-main/jobs/project-connections';
import { createTaskContext, type TaskContext } from '../../src-main/jobs/task-context';
import { churnByTask, overviewTask } from '../../src-main/services/tasks/overview';
import { visibleColumns } from '../../src-main/store/customer-queries';
import { openProjectFile } from '../../src-main/store/database';
import { telcoCsv } from '../support/datasets';

// Reference: tests/golden/overview/overview.R (base R on the same file). Counts must match exactly,
// shares to 1e-12 (both are one division of the same integers).
interface Group {
  label: string;
  customers: number;
  churned: number;
  share: number;
}
const golden = JSON.parse(readFileSync(resolve('tests/golden/overview/telco-overview.json'), 'utf8')) as {
  customers: number;
  churned: number;
  churn_share: number;
  median_tenure: number;
  by_contract: Group[];
  by_payment_method: Group[];
  by_senior_citizen: Group[];
  by_tenure_bin: Group[];
  by_monthly_charges_bin: Group[];
};

let dir: string;
let project: string;
let ctx: TaskContext;
const connections = new ProjectConnections();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-golden-'));
  project = join(dir, 'telco.tenure');
  openProjectFile(project, { create: true }).close();
  ctx = createTaskContext({ isCancelled: () => false, emit: () => undefined, projects: connections });
  await importCustomersTask(
    ImportRequest.parse({
      project,
      path: telcoCsv,
      kind: 'customers',
      mapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
      tenureUnit: 'months',
    }),
    ctx,
  );
});

afterAll(() => {
  connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function keyOf(name: string): string {
  const column = visibleColumns(connections.get(project)).find((candidate) => candidate.name === name);
  if (!column) throw new Error(`no column ${name}`);
  return column.key;
}

function expectSameGroups(actual: Group[], expected: Group[]): void {
  const sort = (groups: Group[]) => [...groups].sort((a, b) => a.label.localeCompare(b.label));
  const got = sort(actual);
  const want = sort(expected);
  expect(got.map((g) => [g.label, g.customers, g.churned])).toEqual(
    want.map((g) => [g.label, g.customers, g.churned]),
  );
  got.forEach((group, i) => expect(Math.abs(group.share - (want[i] as Group).share)).toBeLessThan(1e-12));
}

describe('overview on the telco sample matches base R', () => {
  it('headline figures', () => {
    const overview = overviewTask({ project }, ctx);
    expect(overview.customers).toBe(golden.customers);
    expect(overview.churned).toBe(golden.churned);
    expect(Math.abs((overview.churnShare ?? 0) - golden.churn_share)).toBeLessThan(1e-12);
    expect(overview.tenure?.median).toBe(golden.median_tenure);
  });

  it.each([
    ['Contract', 'by_contract'],
    ['PaymentMethod', 'by_payment_method'],
    ['SeniorCitizen', 'by_senior_citizen'],
    ['tenure', 'by_tenure_bin'],
    ['MonthlyCharges', 'by_monthly_charges_bin'],
  ] as const)('churn share by %s', (name, field) => {
    const result = churnByTask({ project, key: keyOf(name), maxGroups: 12 }, ctx);
    expect(Math.abs(result.baseRate - golden.churn_share)).toBeLessThan(1e-12);
    expectSameGroups(result.groups, golden[field]);
  });
});
