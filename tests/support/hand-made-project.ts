import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectConnections } from '../../src-main/jobs/project-connections';
import { createTaskContext, type TaskContext } from '../../src-main/jobs/task-context';
import { openProjectFile } from '../../src-main/store/database';
import { insertImport } from '../../src-main/store/imports';
import { replaceCustomerTable, type StoredColumn, type StoredValue } from '../../src-main/store/customers';

export interface HandMadeCustomer {
  id: string;
  churned: boolean | null;
  tenure?: number | null;
  start?: string | null;
  end?: string | null;
  /** The attribute values, in the order of the attribute columns. */
  attributes: StoredValue[];
}

export interface HandMadeProject {
  project: string;
  ctx: TaskContext;
  /** Closes the project and deletes its folder. */
  dispose(): void;
}

/**
 * A project file holding a small customer table written straight into the store, as if imported from
 * "hand.csv" — for task tests whose expected figures are worked out by hand from that table.
 */
export function handMadeProject(
  name: string,
  columns: StoredColumn[],
  customers: HandMadeCustomer[],
): HandMadeProject {
  const dir = mkdtempSync(join(tmpdir(), `tenure-${name}-`));
  const project = join(dir, 'p.tenure');
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
      rowsRead: customers.length,
      rowsImported: customers.length,
      rowsRejected: 0,
      options: {},
      mapping: {},
    });
    const { writer } = replaceCustomerTable(db, columns);
    customers.forEach((customer, index) => {
      writer.insert(
        {
          id: customer.id,
          importId,
          line: index + 2,
          churned: customer.churned,
          start: customer.start ?? null,
          end: customer.end ?? null,
          tenure: customer.tenure ?? null,
        },
        customer.attributes,
      );
    });
  })();
  db.close();
  const connections = new ProjectConnections();
  const ctx = createTaskContext({ isCancelled: () => false, emit: () => undefined, projects: connections });
  return {
    project,
    ctx,
    dispose: () => {
      connections.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
