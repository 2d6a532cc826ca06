import { AppError } from '@shared/errors';

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
}

/** Where in a file an error happened, from the error's details (import errors carry file, line, column). */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: string | number;
}

export function errorLocation(error: AppError): ErrorLocation | null {
  const details = error.details;
  if (!details) return null;
  const location: ErrorLocation = {};
  if (typeof details.file === 'string') location.file = details.file;
  if (typeof details.line === 'number') location.line = details.line;
  if (typeof details.column === 'string' || typeof details.column === 'number')
    location.column = details.column;
  return Object.keys(location).length ? location : null;
}

/** The file name out of a path, whichever separator the platform uses. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** "In telco.csv, line 12, column “Churn”" */
export function describeLocation(location: ErrorLocation): string {
  const parts: string[] = [];
  if (location.file) parts.push(`in ${baseName(location.file)}`);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) {
    parts.push(
      typeof location.column === 'number' ? `column ${location.column}` : `column “${location.column}”`,
    );
  }
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const titles: Partial<Record<AppError['code'], string>> = {
  NOT_FOUND: 'Not found',
  ALREADY_EXISTS: 'Already exists',
  NOT_A_PROJECT: 'Not a Tenure project',
  PROJECT_TOO_NEW: 'Made by a newer Tenure',
  FILE_EMPTY: 'The file is empty',
  FILE_NOT_TEXT: 'Not a text file',
  FILE_UNREADABLE: 'Cannot read the file',
  PARSE_ERROR: 'The file cannot be read as a table',
  NO_DATA_ROWS: 'No data rows',
  MAPPING_INVALID: 'The column mapping does not fit',
  CHURNED_VALUE_REQUIRED: 'Which value means churned?',
  NOTHING_IMPORTED: 'Every row was rejected',
  CANCELLED: 'Cancelled',
  UNAUTHORIZED: 'This window is not connected',
  FORBIDDEN: 'Not allowed',
};

export function errorTitle(error: AppError, fallback = 'Something went wrong'): string {
  return titles[error.code] ?? fallback;
}
