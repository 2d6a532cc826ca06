import { z } from 'zod';

/**
 * Errors cross every transport as plain data: a stable code the UI and scripts can branch on,
 * a message written for the user, and details (for file problems: file, line, column).
 */
export const errorCodes = [
  'INVALID_REQUEST', // the payload did not match the channel's request schema
  'INVALID_RESPONSE', // a handler produced something its response schema rejects (a bug)
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED', // missing or wrong bridge token
  'FORBIDDEN', // bad Host/Origin, or an IPC call from an unexpected frame
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NOT_A_PROJECT', // the file is not a Tenure project
  'PROJECT_TOO_NEW', // made by a newer Tenure with a schema this one cannot read
  'FILE_EMPTY',
  'FILE_NOT_TEXT',
  'FILE_UNREADABLE',
  'PARSE_ERROR', // a structural CSV problem that stops the whole file (e.g. a quote never closed)
  'NO_DATA_ROWS',
  'MAPPING_INVALID', // a role is mapped to a column that does not exist, or a required role is missing
  'CHURNED_VALUE_REQUIRED', // the churned column is not yes/no-like: the user must say which value means churned
  'NOTHING_IMPORTED', // every row was rejected
  'ALREADY_IMPORTED', // appending a file whose exact bytes are already in the dataset
  'NOT_UNDOABLE', // an import that is not its dataset's latest, or made before undo existed
  'NOT_AVAILABLE', // the data cannot support what was asked (e.g. a contractual churn definition without subscriptions)
  'CANCELLED',
  'INTERNAL',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toData(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.details);
  }

  /** Anything thrown, as error data fit to cross a boundary (no stack traces leave the process). */
  static toData(error: unknown): AppErrorData {
    if (error instanceof AppError) return error.toData();
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof AppError && error.code === 'CANCELLED';
}
