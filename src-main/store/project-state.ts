import type { Db } from './database';
import { ensureCustomerView } from './customer-view';
import { scoredColumnsState } from './risk-columns';

/**
 * A token that changes whenever what an analysis reads may have changed: any import or undo (the imports
 * table's ids, states and undo times), a churn-definition or as-of change (the churn setting, and the
 * customer view's state with its fingerprint of every dataset, both in project_meta), and a replaced
 * table layout (the schema version). Makes sure the customer view is current first, so a stale view
 * rebuilt now gets a new token too.
 */
export function projectStateToken(db: Db): string {
  ensureCustomerView(db);
  const imports = db
    .prepare(
      `SELECT MAX(id) AS id, COUNT(*) AS n, SUM(state = 'active') AS active, COUNT(undone_at) AS undone,
              MAX(undone_at) AS lastUndo
       FROM imports`,
    )
    .get() as Record<string, number | string | null>;
  const meta = db
    .prepare(
      `SELECT key, value FROM project_meta WHERE key IN ('churn_setting', 'customer_view') ORDER BY key`,
    )
    .raw()
    .all() as [string, string][];
  const schema = db.pragma('schema_version', { simple: true }) as number;
  return JSON.stringify([imports, meta, schema]);
}

/**
 * The token of what an analysis reads: the project state above plus the scored columns' state (a
 * model scored or deleted changes the customer table's risk columns). Kept apart from
 * projectStateToken, which also dates saved models: training another model must not make the others
 * look stale.
 */
export function analysisStateToken(db: Db): string {
  return JSON.stringify([projectStateToken(db), scoredColumnsState(db)]);
}
