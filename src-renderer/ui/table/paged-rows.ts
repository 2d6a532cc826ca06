import { isCancelled, type AppError } from '@shared/errors';
import { toAppError } from '../errors';

/** One page of a query as the store answers it. */
export interface RowsPage<Row> {
  rows: Row[];
  /** Rows matching the query (not just this page). */
  total: number;
}

export type FetchPage<Row> = (offset: number, limit: number, signal: AbortSignal) => Promise<RowsPage<Row>>;

const pageSize = 200;
/** Pages kept in memory: 60 × 200 rows, plenty for scrolling back and forth, bounded for a 1M-row table. */
const maxCachedPages = 60;
/** Scroll events come every frame; waiting this long before asking the store skips the pages flown past. */
const fetchDelayMs = 60;

/**
 * The rows of one query, fetched from the store a page at a time as a virtualised table scrolls. Pages
 * far from the view are evicted; requests for pages that scrolled out of view are cancelled, so dragging
 * the scrollbar across a million rows does not queue thousands of requests.
 *
 * A plain class behind useSyncExternalStore: the table reads rows during render, the cache changes when
 * answers arrive. Each table gives it the one call that fetches a page (customers, risk scores, …).
 */
export class PagedRows<Row> {
  total: number | null;
  error: AppError | null = null;
  private pages = new Map<number, Row[]>();
  private pending = new Map<number, AbortController>();
  private listeners = new Set<() => void>();
  private version = 0;
  private timer: number | undefined;
  private wanted: [number, number] = [0, 0];
  private disposed = false;

  constructor(
    private readonly fetchPage: FetchPage<Row>,
    /** The previous query's count, shown (as placeholder rows) until this query's first page answers. */
    estimatedTotal: number | null,
  ) {
    this.total = estimatedTotal;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = () => this.version;

  getRow(index: number): Row | undefined {
    return this.pages.get(Math.floor(index / pageSize))?.[index % pageSize];
  }

  /** Rows first..last are on screen: make sure their pages are loaded (soon, and only if still wanted). */
  want(first: number, last: number): void {
    this.disposed = false;
    this.wanted = [Math.floor(first / pageSize), Math.floor(last / pageSize)];
    window.clearTimeout(this.timer);
    // The first page loads at once: it also tells us how many rows there are.
    const delay = this.pages.size === 0 && this.pending.size === 0 ? 0 : fetchDelayMs;
    this.timer = window.setTimeout(() => this.load(), delay);
  }

  retry(): void {
    this.error = null;
    this.bump();
    this.load();
  }

  dispose(): void {
    this.disposed = true;
    window.clearTimeout(this.timer);
    for (const controller of this.pending.values()) controller.abort();
    this.pending.clear();
  }

  private load(): void {
    if (this.disposed) return;
    const [from, to] = this.wanted;
    for (const [page, controller] of this.pending) {
      if (page < from - 1 || page > to + 1) {
        controller.abort();
        this.pending.delete(page);
      }
    }
    for (let page = from; page <= to; page++) {
      if (!this.pages.has(page) && !this.pending.has(page)) this.fetch(page);
    }
  }

  private fetch(page: number): void {
    const controller = new AbortController();
    this.pending.set(page, controller);
    this.fetchPage(page * pageSize, pageSize, controller.signal)
      .then(
        (answer) => {
          if (controller.signal.aborted) return;
          this.pages.set(page, answer.rows);
          this.total = answer.total;
          this.error = null;
          this.evict();
          this.bump();
        },
        (error: unknown) => {
          if (controller.signal.aborted || isCancelled(error)) return;
          this.error = toAppError(error);
          this.bump();
        },
      )
      .finally(() => {
        if (this.pending.get(page) === controller) this.pending.delete(page);
      });
  }

  private evict(): void {
    if (this.pages.size <= maxCachedPages) return;
    const [from, to] = this.wanted;
    const middle = (from + to) / 2;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    for (const page of byDistance.slice(0, this.pages.size - maxCachedPages)) this.pages.delete(page);
  }

  private bump(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
