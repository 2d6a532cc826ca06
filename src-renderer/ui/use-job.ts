import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobProgress } from '@shared/contract/channel';
import { isCancelled, type AppError } from '@shared/errors';
import { toAppError } from './errors';

export type JobState<T> =
  | { status: 'idle' }
  | {
      status: 'running';
      progress: JobProgress | null;
      /** When the current phase began: speed and time left are per phase (a dry run reads the file twice). */
      startedAt: number;
      cancelling: boolean;
    }
  | { status: 'done'; value: T }
  | { status: 'cancelled' }
  | { status: 'failed'; error: AppError };

/**
 * Runs one long job at a time (validation, import, upload) with progress and cancellation. Starting a
 * new run cancels the one before; unmounting cancels too, so no job outlives the screen that shows it.
 */
export function useJob<T>() {
  const [state, setState] = useState<JobState<T>>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (job: (options: { signal: AbortSignal; onProgress: (p: JobProgress) => void }) => Promise<T>) => {
      controller.current?.abort();
      const own = new AbortController();
      controller.current = own;
      setState({ status: 'running', progress: null, startedAt: Date.now(), cancelling: false });
      try {
        const value = await job({
          signal: own.signal,
          onProgress: (progress) => {
            const now = Date.now();
            setState((current) => {
              if (current.status !== 'running' || own.signal.aborted) return current;
              const newPhase = current.progress !== null && current.progress.phase !== progress.phase;
              return { ...current, progress, startedAt: newPhase ? now : current.startedAt };
            });
          },
        });
        if (controller.current !== own) return undefined;
        setState({ status: 'done', value });
        return value;
      } catch (error) {
        if (controller.current !== own) return undefined;
        const appError = toAppError(error);
        setState(isCancelled(appError) ? { status: 'cancelled' } : { status: 'failed', error: appError });
        return undefined;
      } finally {
        if (controller.current === own) controller.current = null;
      }
    },
    [],
  );

  const cancel = useCallback(() => {
    setState((current) => (current.status === 'running' ? { ...current, cancelling: true } : current));
    controller.current?.abort();
  }, []);

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState({ status: 'idle' });
  }, []);

  return { state, run, cancel, reset };
}

/** The current time, refreshed every `intervalMs` while `active`: for elapsed-time and time-left displays. */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
