import { analysisStateToken } from '../store/project-state';
import type { TaskContext } from './task-context';

/**
 * Results of the analysis channels (survival, Cox, drivers, churn over time, cohorts) kept per
 * (channel, request, project state) in the thread that runs them: switching back and forth between
 * views or segments costs a lookup, and any import, undo, definition change, model scoring or model
 * deletion (the customer table's risk columns) gives a new state token,
 * so nothing stale is served. Least recently used entries go first.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, unknown>();
  private hitCount = 0;
  private missCount = 0;

  constructor(private readonly capacity = 64) {}

  run<I extends { project: string }, O>(channel: string, input: I, ctx: TaskContext, compute: () => O): O {
    const token = analysisStateToken(ctx.projects.get(input.project));
    const key = JSON.stringify([channel, input, token]);
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as O;
      this.entries.delete(key);
      this.entries.set(key, value);
      this.hitCount++;
      return value;
    }
    this.missCount++;
    // Errors are not kept: the next call tries again.
    const value = compute();
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  stats(): { hits: number; misses: number; entries: number } {
    return { hits: this.hitCount, misses: this.missCount, entries: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
    this.hitCount = 0;
    this.missCount = 0;
  }
}

/** The cache of this thread (a worker's module scope is its own). */
export const analysisCache = new AnalysisCache();

/** A task whose results go through the thread's analysis cache. */
export function cachedTask<I extends { project: string }, O>(
  channel: string,
  task: (input: I, ctx: TaskContext) => O,
): (input: I, ctx: TaskContext) => O {
  return (input, ctx) => analysisCache.run(channel, input, ctx, () => task(input, ctx));
}
