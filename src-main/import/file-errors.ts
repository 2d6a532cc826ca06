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

export function fileEmpty(path: string, what: 'zero bytes' | 'only blank space'): AppError {
  const file = fileLabel(path);
  const message =
    what === 'zero bytes'
      ? `${file} is empty (0 bytes).`
      : `${file} is empty: it contains only blank lines or spaces.`;
  return new AppError('FILE_EMPTY', message, { file, path });
}

/** Binary content. `byteOffset` is 0-based; the message counts bytes from 1, as people do ("byte 3 is a NUL byte"). */
export function fileNotText(path: string, byteOffset: number, problem: string, looksLike?: string): AppError {
  const file = fileLabel(path);
  const hint = looksLike ? ` It looks like ${looksLike}; save it as CSV first.` : '';
  return new AppError(
    'FILE_NOT_TEXT',
    `${file} is not a text file: byte ${(byteOffset + 1).toLocaleString('en-US')} ${problem}.${hint}`,
    { file, path, byte: byteOffset + 1 },
  );
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

export function noDataRows(path: string): AppError {
  const file = fileLabel(path);
  return new AppError('NO_DATA_ROWS', `${file} has a header line but no data rows.`, { file, path });
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
