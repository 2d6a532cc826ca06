import type { DatasetSummary, ImportHistoryEntry } from '@shared/contract/import';
import { datasetLabels, DatasetKind } from '@shared/domain/datasets';
import { AppError } from '@shared/errors';
import type { TaskContext } from '../jobs/task-context';
import type { Db } from '../store/database';
import {
  countDistinctCustomers,
  countRows,
  removeAppendedImport,
  resetDataset,
  restoreArchive,
} from '../store/datasets';
import { importLog, markUndone, reactivateReplaced } from '../store/imports';
import { updateCustomerView } from './dataset-import';

export interface ImportHistory {
  imports: ImportHistoryEntry[];
  datasets: DatasetSummary[];
}

/** Every import, newest first, and what each dataset holds now. */
export function importHistory(db: Db): ImportHistory {
  const log = importLog(db);
  const imports: ImportHistoryEntry[] = log.map((entry) => ({
    id: entry.id,
    kind: entry.kind,
    mode: entry.mode,
    fileName: entry.fileName,
    filePath: entry.filePath,
    sha256: entry.sha256,
    startedAt: entry.startedAt,
    finishedAt: entry.finishedAt,
    rowsRead: entry.rowsRead,
    imported: entry.imported,
    rejected: entry.rejected,
    state: entry.state,
    undoable: entry.undoable,
    notUndoableReason: entry.notUndoableReason,
  }));
  const datasets = DatasetKind.options.map((kind) => ({
    kind,
    rows: countRows(db, kind),
    customers: countDistinctCustomers(db, kind),
    activeImports: log.filter((entry) => entry.kind === kind && entry.state === 'active').length,
  }));
  return { imports, datasets };
}

export function importHistoryTask(input: { project: string }, ctx: TaskContext): ImportHistory {
  return importHistory(ctx.projects.get(input.project));
}

/**
 * Undoes a dataset's latest import in one transaction: an append's rows (and the attribute columns it
 * added) go; a replace's tables go and the ones it replaced come back, with their imports active again.
 * The import is then 'undone'. Only the latest active import of a kind can be undone (NOT_UNDOABLE,
 * with the reason, otherwise), so undo walks a dataset back one import at a time.
 */
export function undoImportTask(
  input: { project: string; importId: number },
  ctx: TaskContext,
): ImportHistory {
  const db = ctx.projects.get(input.project);
  const steps = 3;
  const step = (done: number, label: string) =>
    ctx.progress({ phase: 'undoing', label, done, total: steps, unit: 'steps' });
  db.exec('BEGIN IMMEDIATE');
  try {
    const entry = importLog(db).find((candidate) => candidate.id === input.importId);
    if (!entry) throw new AppError('NOT_FOUND', `There is no import #${input.importId} in this project.`);
    if (!entry.undoable) {
      throw new AppError(
        'NOT_UNDOABLE',
        `Import #${entry.id} (${entry.fileName}) cannot be undone: ${entry.notUndoableReason}`,
        {
          importId: entry.id,
        },
      );
    }
    const many = datasetLabels[entry.kind].many;
    ctx.checkCancelled();
    if (entry.mode === 'append') {
      step(0, `Removing the ${many} of ${entry.fileName}`);
      removeAppendedImport(db, entry.kind, entry.id);
    } else if (entry.undoArchive) {
      step(0, `Bringing back the ${many} ${entry.fileName} replaced`);
      restoreArchive(db, entry.kind, entry.id);
      reactivateReplaced(db, entry.id);
    } else {
      // A first import made before undo existed: nothing was replaced, so the dataset becomes empty.
      step(0, `Removing the ${many} of ${entry.fileName}`);
      resetDataset(db, entry.kind);
    }
    markUndone(db, entry.id, new Date().toISOString());
    ctx.checkCancelled();
    step(2, 'Updating the customer view');
    updateCustomerView(db, ctx);
    ctx.checkCancelled();
    db.exec('COMMIT');
    step(steps, 'Undone');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return importHistory(db);
}
