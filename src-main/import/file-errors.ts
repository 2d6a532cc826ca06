import { basename } from 'node:path';
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '@shared/errors';
import { dialectProblem } from './csv-splitter';

/**
 * The errors a file can cause while it is inspected or read. Every message names the file by its
 * base name (the user knows which file they picked; the full path is in `details.path`), and parse
 * errors say where: "telco.csv, line 12, column 3: a quoted field is never closed".
 */

export function fileLabel(path: string): string {
  return basename(path);
}

/** A file that cannot be opened or read: missing, a folder, no permission… */
export function fileUnreadable(path: string, cause: unknown): AppError {
  const file = fileLabel(path);
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  let why: string;
  switch (code) {
    case 'ENOENT':
      why = 'there is no such file';
      break;
    case 'EACCES':
    case 'EPERM':
      why = 'permission denied (you are not allowed to read it)';
      break;
    case 'EISDIR':
      why = 'it is a folder, not a file';
      break;
    case 'EMFILE':
    case 'ENFILE':
      why = 'too many files are open';
      break;
    case 'EIO':
      why = 'the disk reported an input/output error';
      break;
    default:
      why = cause instanceof Error ? cause.message : String(cause);
  }
  return new AppError('FILE_UNREADABLE', `${file} cannot be read: ${why} (${path}).`, {
    file,
    path,
    ...(code ? { cause: code } : {}),
  });
}

/** `sheet`: the worksheet of a workbook that has no values. */
export function fileEmpty(path: string, what: 'zero bytes' | 'only blank space', sheet?: string): AppError {
  const file = fileLabel(path);
  if (sheet !== undefined) {
    return new AppError('FILE_EMPTY', `${file} is empty: sheet "${sheet}" has no values.`, {
      file,
      path,
      sheet,
    });
  }
  const message =
    what === 'zero bytes'
      ? `${file} is empty (0 bytes).`
      : `${file} is empty: it contains only blank lines or spaces.`;
  return new AppError('FILE_EMPTY', message, { file, path });
}

/**
 * Binary content. `byteOffset` is 0-based; the message counts bytes from 1, as people do ("byte 3 is a
 * NUL byte"). Real .xlsx/.xlsm workbooks never get here (they are read as workbooks); a file with
 * such a name that is not a ZIP archive does, and is told apart: an .xlsx protected with a password is
 * stored as an encrypted Office container, not a ZIP.
 */
export function fileNotText(path: string, byteOffset: number, problem: string, looksLike?: string): AppError {
  const file = fileLabel(path);
  const byte = `byte ${(byteOffset + 1).toLocaleString('en-US')} ${problem}`;
  const details = { file, path, byte: byteOffset + 1 };
  if (/\.xls[xm]$/i.test(path)) {
    return new AppError(
      'FILE_NOT_TEXT',
      `${file} is neither an Excel workbook Tenure can read (it is not a ZIP archive, as .xlsx files are) nor a text file: ${byte}.` +
        (looksLike ? ` It looks like ${looksLike}, as a password-protected workbook is;` : '') +
        ' remove any password and save it again as .xlsx, or as CSV.',
      details,
    );
  }
  const hint = looksLike ? ` It looks like ${looksLike}; save it as CSV first.` : '';
  return new AppError('FILE_NOT_TEXT', `${file} is not a text file: ${byte}.${hint}`, details);
}

/** A structural CSV problem that stops the whole file. `column` is the 1-based field number. */
export function parseError(path: string, line: number, column: number, problem: string): AppError {
  const file = fileLabel(path);
  return new AppError('PARSE_ERROR', `${file}, line ${line}, column ${column}: ${problem}`, {
    file,
    path,
    line,
    column,
  });
}

/** `sheet`: for a workbook, the worksheet read. */
export function noDataRows(path: string, sheet?: string): AppError {
  const file = fileLabel(path);
  if (sheet !== undefined) {
    return new AppError('NO_DATA_ROWS', `${file}, sheet "${sheet}", has a header row but no data rows.`, {
      file,
      path,
      sheet,
    });
  }
  return new AppError('NO_DATA_ROWS', `${file} has a header line but no data rows.`, { file, path });
}

/** Every row of the file (or sheet) is above the header: `skipRows` is as many rows as there are, or more. */
export function onlyTitleRows(path: string, rows: number, skipRows: number, sheet?: string): AppError {
  const file = fileLabel(path);
  const where = sheet === undefined ? file : `${file}, sheet "${sheet}",`;
  const lines = sheet === undefined ? 'line' : 'row';
  return new AppError(
    'NO_DATA_ROWS',
    `${where} has ${rows.toLocaleString('en-US')} non-blank ${lines}${rows === 1 ? '' : 's'}, and all are skipped as title rows (skip ${skipRows.toLocaleString('en-US')}); skip fewer.`,
    { file, path, skipRows, ...(sheet === undefined ? {} : { sheet }) },
  );
}

/** A sheet name the workbook does not have. */
export function sheetNotFound(path: string, sheet: string, sheets: string[]): AppError {
  const file = fileLabel(path);
  const list = sheets.map((name) => `"${name}"`).join(', ');
  return new AppError('NOT_FOUND', `${file} has no sheet "${sheet}"; its sheets are ${list}.`, {
    file,
    path,
    sheet,
    sheets,
  });
}

/** A workbook whose ZIP or XML is broken, or that is not a spreadsheet at all. */
export function workbookDamaged(path: string, problem: string): AppError {
  const file = fileLabel(path);
  return new AppError('FILE_UNREADABLE', `${file} cannot be read as an Excel workbook: ${problem}.`, {
    file,
    path,
  });
}

/** A workbook with chart sheets only. */
export function workbookHasNoSheets(path: string): AppError {
  const file = fileLabel(path);
  return new AppError('FILE_EMPTY', `${file} has no worksheets (only charts or nothing at all).`, {
    file,
    path,
  });
}

/** Opens a file for reading and reads its size; a missing file, a folder or no permission is FILE_UNREADABLE. */
export async function openForReading(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileUnreadable(path, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw fileUnreadable(path, error);
  }
}

/** A delimiter/quote pair the splitter cannot work with, as INVALID_REQUEST. */
export function assertDialect(delimiter: string, quote: string): void {
  const problem = dialectProblem(delimiter, quote);
  if (problem !== null) throw new AppError('INVALID_REQUEST', problem, { delimiter, quote });
}
