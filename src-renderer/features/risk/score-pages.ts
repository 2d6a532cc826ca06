import type { RiskTier, ScoredCustomer } from '@shared/contract/risk';
import { isCancelled, type AppError } from '@shared/errors';
import { client } from '../../client';
import { toAppError } from '../../ui/errors';

export interface ScoreQuery {
  model: number;
  tier?: RiskTier;
  sort: 'risk' | 'value';
  direction: 'asc' | 'desc';
}

const pageSize = 200;
const maxCachedPages = 40;
const fetchDelayMs = 60;

/**
 * The scored customers of one query (model + tier + sort), fetched from the project a page at a time
 * as the table scrolls (the same scheme as the customer table's page cache).
 */
export class ScorePages {
  total: number | null;
  error: AppError | null = null;
  private pages = new Map<number, ScoredCustomer[]>();
  private pending = new Map<number, AbortController>();
  private listeners = new Set<() => void>();
  private version = 0;
  private timer: number | undefined;
  private wanted: [number, number] = [0, 0];
  private disposed = false;

  constructor(
    private readonly project: string,
    readonly query: ScoreQuery,
    estimatedTotal: number | null,
  ) {
    this.total = estimatedTotal;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = () => this.version;

  getRow(index: number): ScoredCustomer | undefined {
    return this.pages.get(Math.floor(index / pageSize))?.[index % pageSize];
  }

  want(first: number, last: number): void {
    this.disposed = false;
    this.wanted = [Math.floor(first / pageSize), Math.floor(last / pageSize)];
    window.clearTimeout(this.timer);
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
    client.risk
      .scores(
        {
          project: this.project,
          model: this.query.model,
          ...(this.query.tier ? { tier: this.query.tier } : {}),
          sort: this.query.sort,
          direction: this.query.direction,
          offset: page * pageSize,
          limit: pageSize,
        },
        { signal: controller.signal },
      )
      .then(
        (answer) => {
          if (controller.signal.aborted) return;
          this.pages.set(page, answer.customers);
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
