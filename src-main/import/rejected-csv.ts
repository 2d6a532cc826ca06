import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { RejectedRow } from '@shared/contract/import';
import { AppError } from '@shared/errors';
import { csvLine } from '@shared/csv';

/**
 * Every rejected row of an import (or dry run), streamed to a CSV file while the import runs: line,
 * problem (the rejection code), column, value, reason, then the row's original fields under the file's
 * column names. UTF-8 with a byte-order mark (so Excel reads accented names right), CRLF line ends,
 * cells that could start a formula neutralised (src-shared/csv.ts).
 *
 * The files live in one folder the service chooses (the app's data folder + /rejected); a file's id is
 * its base name, e.g. 20240501-120000-3fa9c2-orders_march. Files older than 7 days are deleted when a
 * new one is written.
 */

export const rejectedFileIdPattern = /^[A-Za-z0-9_-]{1,100}$/;
const keepMs = 7 * 24 * 60 * 60 * 1000;
const flushChars = 64 * 1024;
const bom = '\ufeff';

/** The CSV's header line for a file with these column names. */
export function rejectedCsvHeader(columnNames: readonly string[]): string {
  return bom + csvLine(['line', 'problem', 'column', 'value', 'reason', ...columnNames]);
}

export class RejectedCsvWriter {
  readonly id: string;
  private readonly path: string;
  private fd: number | null = null;
  private pending = '';
  rows = 0;

  constructor(
    private readonly dir: string,
    sourceFileName: string,
    private readonly columnNames: readonly string[],
    now = new Date(),
  ) {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const stem = basename(sourceFileName, extname(sourceFileName))
      .replace(/[^A-Za-z0-9_]+/g, '_')
      .slice(0, 60);
    this.id = `${stamp}-${randomBytes(3).toString('hex')}-${stem}`.replace(/[-_]+$/, '');
    this.path = join(dir, `${this.id}.csv`);
  }

  add(row: RejectedRow, fields: readonly string[]): void {
    if (this.fd === null) this.open();
    this.rows += 1;
    this.pending += csvLine([row.line, row.code, row.column ?? '', row.value ?? '', row.reason, ...fields]);
    if (this.pending.length >= flushChars) this.flush();
  }

  /** Finishes the file; returns its id, or null when no row was rejected (no file is written then). */
  close(): string | null {
    if (this.fd === null) return null;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
    return this.id;
  }

  /** Closes and deletes the file (the import failed: there is nothing to look at). */
  discard(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true });
    removeOldRejectedFiles(this.dir);
    this.fd = openSync(this.path, 'wx');
    this.pending = rejectedCsvHeader(this.columnNames);
  }

  private flush(): void {
    if (this.fd === null || this.pending === '') return;
    writeSync(this.fd, this.pending);
    this.pending = '';
  }
}

/** Deletes rejected-rows files last written more than 7 days ago. */
export function removeOldRejectedFiles(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.csv') || !rejectedFileIdPattern.test(name.slice(0, -4))) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > keepMs) unlinkSync(path);
    } catch {
      // another process removed it, or it is not ours to remove
    }
  }
}

/** Reads a rejected-rows file by id. The id is checked strictly: it can only name a file in `dir`. */
export function readRejectedCsv(dir: string, id: string): { fileName: string; csv: string; rows: number } {
  const folder = resolve(dir);
  const path = resolve(folder, `${id}.csv`);
  if (!rejectedFileIdPattern.test(id) || resolve(path, '..') !== folder) {
    throw new AppError('INVALID_REQUEST', `"${id}" is not the id of a rejected-rows file.`);
  }
  let csv: string;
  try {
    csv = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError(
        'NOT_FOUND',
        'Those rejected rows are no longer kept (rejected-row files are deleted after 7 days). Import or validate the file again to get them.',
        { id },
      );
    }
    throw new AppError('FILE_UNREADABLE', `Cannot read the rejected rows: ${(error as Error).message}`, {
      id,
    });
  }
  const stem = id.split('-').slice(3).join('-');
  return { fileName: `${stem || 'import'}-rejected.csv`, csv, rows: Math.max(0, countRecords(csv) - 1) };
}

/** CSV records (lines outside quotes) in text this module wrote. */
function countRecords(csv: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 10 && !quoted) records += 1;
  }
  return records;
}
