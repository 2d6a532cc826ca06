import type { ImportHistoryEntry, ImportSettings } from '@shared/contract/import';
import { ImportSettings as ImportSettingsSchema } from '@shared/contract/import';
import { DatasetKind, type ImportMode } from '@shared/domain/datasets';
import type { Db } from './database';

/**
 * The import log (`imports`): one row per import, with its counts, the settings it was made with
 * (mapping_json holds the ImportSettings, so a file of the same shape can be imported the same way
 * again), and its place in the dataset's undo history (mode, state, replaced_by, undo_archive).
 */

export interface ImportRecord {
  kind: string;
  fileName: string;
  filePath: string;
  fileSize: number;
  fileSha256: string;
  startedAt: string;
  finishedAt: string;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  options: unknown;
  /** The ImportSettings the file was imported with. */
  mapping: unknown;
  mode?: ImportMode;
  /** Hash of the file's column names (see import/shape.ts). */
  shape?: string | null;
  /** 1 when the import keeps what undo needs (an archive of replaced rows, a copy of the column records). */
  undoArchive?: boolean;
}

export function insertImport(db: Db, record: ImportRecord): number {
  const result = db
    .prepare(
      `INSERT INTO imports (kind, file_name, file_path, file_size, file_sha256, started_at, finished_at,
         rows_read, rows_imported, rows_rejected, options_json, mapping_json, mode, shape, undo_archive)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      record.kind,
      record.fileName,
      record.filePath,
      record.fileSize,
      record.fileSha256,
      record.startedAt,
      record.finishedAt,
      record.rowsRead,
      record.rowsImported,
      record.rowsRejected,
      JSON.stringify(record.options),
      JSON.stringify(record.mapping),
      record.mode ?? 'replace',
      record.shape ?? null,
      record.undoArchive ? 1 : 0,
    );
  return Number(result.lastInsertRowid);
}

export function finishImport(
  db: Db,
  id: number,
  counts: { finishedAt: string; rowsRead: number; rowsImported: number; rowsRejected: number },
): void {
  db.prepare(
    'UPDATE imports SET finished_at = ?, rows_read = ?, rows_imported = ?, rows_rejected = ? WHERE id = ?',
  ).run(counts.finishedAt, counts.rowsRead, counts.rowsImported, counts.rowsRejected, id);
}

/** A replacing import supersedes every active import of its kind. */
export function markReplaced(db: Db, kind: DatasetKind, replacedBy: number): void {
  db.prepare(
    "UPDATE imports SET state = 'replaced', replaced_by = ? WHERE kind = ? AND state = 'active' AND id <> ?",
  ).run(replacedBy, kind, replacedBy);
}

/** Undo of a replacing import: what it replaced is active again. */
export function reactivateReplaced(db: Db, replacedBy: number): void {
  db.prepare(
    "UPDATE imports SET state = 'active', replaced_by = NULL WHERE replaced_by = ? AND state = 'replaced'",
  ).run(replacedBy);
}

export function markUndone(db: Db, id: number, at: string): void {
  db.prepare("UPDATE imports SET state = 'undone', undone_at = ? WHERE id = ?").run(at, id);
}

/** An active import of the kind whose file had exactly these bytes, if any. */
export function activeImportOfFile(
  db: Db,
  kind: DatasetKind,
  sha256: string,
): { id: number; fileName: string; finishedAt: string } | null {
  const row = db
    .prepare(
      `SELECT id, file_name AS fileName, finished_at AS finishedAt FROM imports
       WHERE kind = ? AND file_sha256 = ? AND state = 'active' ORDER BY id DESC LIMIT 1`,
    )
    .get(kind, sha256) as { id: number; fileName: string; finishedAt: string } | undefined;
  return row ?? null;
}

/** File names of imports by id (to name where an earlier row came from). */
export function importFileName(db: Db, id: number): string | null {
  return (
    (db.prepare('SELECT file_name FROM imports WHERE id = ?').pluck().get(id) as string | undefined) ?? null
  );
}

export interface Remembered {
  importId: number;
  fileName: string;
  importedAt: string;
  settings: ImportSettings;
}

/**
 * The latest import into the project of a file with this shape (same column names), whatever its kind
 * and state, with the settings it was made with. Imports from before settings were recorded (or whose
 * record no longer reads as ImportSettings) are skipped.
 */
export function rememberedImport(db: Db, shape: string): Remembered | null {
  const rows = db
    .prepare(
      `SELECT id, file_name AS fileName, finished_at AS importedAt, mapping_json AS settings
       FROM imports WHERE shape = ? ORDER BY id DESC LIMIT 20`,
    )
    .all(shape) as { id: number; fileName: string; importedAt: string; settings: string }[];
  for (const row of rows) {
    let json: unknown;
    try {
      json = JSON.parse(row.settings);
    } catch {
      continue;
    }
    const settings = ImportSettingsSchema.safeParse(json);
    if (settings.success) {
      return {
        importId: row.id,
        fileName: row.fileName,
        importedAt: row.importedAt,
        settings: settings.data,
      };
    }
  }
  return null;
}

interface ImportRow {
  id: number;
  kind: string;
  mode: string;
  fileName: string;
  filePath: string;
  sha256: string;
  startedAt: string;
  finishedAt: string;
  rowsRead: number;
  imported: number;
  rejected: number;
  state: string;
  replacedBy: number | null;
  undoneAt: string | null;
  undoArchive: number;
}

export interface ImportLogEntry extends ImportHistoryEntry {
  /** 1 when the rows it replaced (replace) or its column records (append) were kept. */
  undoArchive: boolean;
  /** True for the earliest import of its kind (nothing before it to bring back). */
  firstOfKind: boolean;
}

/**
 * Every import, newest first, with whether it can be undone and, when not, why in words. Undo goes back
 * one import at a time per dataset: only the latest active import of a kind can be undone.
 */
export function importLog(db: Db): ImportLogEntry[] {
  const rows = db
    .prepare(
      `SELECT id, kind, mode, file_name AS fileName, file_path AS filePath, file_sha256 AS sha256,
              started_at AS startedAt, finished_at AS finishedAt, rows_read AS rowsRead,
              rows_imported AS imported, rows_rejected AS rejected, state, replaced_by AS replacedBy,
              undone_at AS undoneAt, undo_archive AS undoArchive
       FROM imports ORDER BY id DESC`,
    )
    .all() as ImportRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const latestActive = new Map<string, number>();
  const firstOfKind = new Map<string, number>();
  for (const row of rows) {
    if (row.state === 'active' && !latestActive.has(row.kind)) latestActive.set(row.kind, row.id);
    firstOfKind.set(row.kind, row.id); // rows are newest first: the last one seen is the earliest
  }
  return rows.map((row) => {
    const reason = notUndoableReason(row, byId, latestActive, firstOfKind.get(row.kind) === row.id);
    const kind = DatasetKind.safeParse(row.kind);
    return {
      id: row.id,
      kind: kind.success ? kind.data : 'customers',
      mode: row.mode === 'append' ? 'append' : 'replace',
      fileName: row.fileName,
      filePath: row.filePath,
      sha256: row.sha256,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      rowsRead: row.rowsRead,
      imported: row.imported,
      rejected: row.rejected,
      state: row.state === 'undone' ? 'undone' : row.state === 'replaced' ? 'replaced' : 'active',
      undoable: reason === null,
      notUndoableReason: reason,
      undoArchive: row.undoArchive === 1,
      firstOfKind: firstOfKind.get(row.kind) === row.id,
    };
  });
}

function notUndoableReason(
  row: ImportRow,
  byId: Map<number, ImportRow>,
  latestActive: Map<string, number>,
  first: boolean,
): string | null {
  if (!DatasetKind.safeParse(row.kind).success)
    return `"${row.kind}" is not a kind of data this Tenure knows.`;
  if (row.state === 'undone') return `Already undone${row.undoneAt ? ` (${row.undoneAt})` : ''}.`;
  if (row.state === 'replaced') {
    const replacer = row.replacedBy === null ? undefined : byId.get(row.replacedBy);
    if (!replacer || replacer.undoArchive === 0) {
      return `Replaced by ${replacer ? `import #${replacer.id}` : 'a later import'} in a version of Tenure that did not keep replaced rows, so they cannot come back.`;
    }
    return `Replaced by import #${replacer.id}; undo that import first to bring these rows back.`;
  }
  const latest = latestActive.get(row.kind);
  if (latest !== row.id) {
    return `Import #${latest} into the same dataset (${row.kind}) came later; undo it first (undo goes back one import at a time).`;
  }
  if (row.undoArchive === 0 && !first) {
    return 'Made by a version of Tenure that did not keep the rows it replaced, so undoing it could not bring them back.';
  }
  return null;
}

export interface LastImport {
  id: number;
  kind: string;
  fileName: string;
  finishedAt: string;
  imported: number;
  rejected: number;
}

export function lastImport(db: Db): LastImport | null {
  const row = db
    .prepare(
      `SELECT id, kind, file_name AS fileName, finished_at AS finishedAt,
              rows_imported AS imported, rows_rejected AS rejected
       FROM imports WHERE state = 'active' ORDER BY id DESC LIMIT 1`,
    )
    .get() as LastImport | undefined;
  return row ?? null;
}
