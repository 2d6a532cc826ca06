import { useEffect, useEffectEvent, useState } from 'react';
import { AppError } from '@shared/errors';
import { toAppError } from './errors';

export type AsyncState<T> =
  | { status: 'loading'; data: undefined; error: undefined; previous: T | undefined }
  | { status: 'ready'; data: T; error: undefined; previous: T | undefined }
  | { status: 'error'; data: undefined; error: AppError; previous: T | undefined };

interface Settled<T> {
  key: string;
  ok: boolean;
  value?: T;
  error?: AppError;
}

/**
 * Loads something for a key (e.g. the project path and the chosen attribute) and cancels the previous
 * load when the key changes, so a slow answer for an old key never overwrites a newer one. `key = null`
 * means "nothing to load yet". `previous` is the last successful value of any key, so a view can keep
 * showing it while the next one loads.
 */
export function useAsync<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): AsyncState<T> & { reload: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [lastGood, setLastGood] = useState<T | undefined>(undefined);
  const runLoad = useEffectEvent(load);
  const fullKey = key === null ? null : `${attempt}\u0000${key}`;

  useEffect(() => {
    if (fullKey === null) return;
    const controller = new AbortController();
    runLoad(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setSettled({ key: fullKey, ok: true, value });
        setLastGood(value);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setSettled({ key: fullKey, ok: false, error: toAppError(error) });
      },
    );
    return () => controller.abort();
  }, [fullKey]);

  const reload = () => setAttempt((n) => n + 1);
  if (fullKey === null || settled?.key !== fullKey) {
    return { status: 'loading', data: undefined, error: undefined, previous: lastGood, reload };
  }
  if (settled.ok) {
    return { status: 'ready', data: settled.value as T, error: undefined, previous: lastGood, reload };
  }
  return {
    status: 'error',
    data: undefined,
    error: settled.error ?? new AppError('INTERNAL', 'Unknown error'),
    previous: lastGood,
    reload,
  };
}
