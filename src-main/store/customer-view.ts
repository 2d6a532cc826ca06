import type { Db } from './database';

/**
 * Recomputes the project's customer view from whatever datasets it holds, under its churn definition.
 * Called inside the transaction of every import, undo and definition change, so the view is never stale.
 * TODO(issue 3, customer-model helper): the real view.
 */
export function rebuildCustomerView(db: Db): { customers: number } {
  void db;
  return { customers: 0 };
}
