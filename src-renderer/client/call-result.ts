import { CallResult } from '@shared/bridge';
import { AppError } from '@shared/errors';

/** Turns a transport's CallResult into the value, or throws the AppError it carries. */
export function unwrapCallResult(raw: unknown, channel: string): unknown {
  const parsed = CallResult.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('INTERNAL', `Tenure sent an answer to ${channel} that this window cannot read.`);
  }
  if (parsed.data.ok) return parsed.data.value;
  throw AppError.fromData(parsed.data.error);
}

export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'Cancelled.');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
