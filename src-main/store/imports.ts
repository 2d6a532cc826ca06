import type { Db } from './database';

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
  mapping: unknown;
}

export function insertImport(db: Db, record: ImportRecord): number {
  const result = db
    .prepare(
      `INSERT INTO imports (kind, file_name, file_path, file_size, file_sha256, started_at, finished_at,
         rows_read, rows_imported, rows_rejected, options_json, mapping_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
       FROM imports ORDER BY id DESC LIMIT 1`,
    )
    .get() as LastImport | undefined;
  return row ?? null;
}
