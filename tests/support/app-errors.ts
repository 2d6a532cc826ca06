import { AppError } from '@shared/errors';

/** The AppError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error('expected an AppError, but it succeeded');
  if (!(outcome.error instanceof AppError)) throw outcome.error;
  return outcome.error;
}

/** The AppError a function throws; fails the test if it returns or throws anything else. */
export function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but it returned');
}
