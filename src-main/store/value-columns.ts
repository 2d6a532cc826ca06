import type { Db } from './database';
import type { ScoredColumn, ScoredColumnSource } from './risk-columns';
import { readRfmMeta } from './value-models';

/**
 * The customer-value columns of the customer table (issue 6): CLV, value decile and tier, and P(alive)
 * of the latest customer-value fit, and the RFM segment of the latest RFM scoring. Through the scored-
 * column mechanism they are segments everywhere else (filters, survival groupBy, drivers, exports).
 *
 * Value tiers from CLV deciles: high = deciles 9–10 (the top 20%), medium = 5–8, low = 1–4.
 * SQL: correlated lookups on the score tables' primary keys; the model id is our own integer.
 */

const purchaseLeakage =
  'derived from the purchase history up to the analysis date, which is what non-contractual churn is defined by (leakage)';

interface LatestFit {
  id: number;
  name: string;
  created_at: string;
}

export function latestValueModel(db: Db): LatestFit | undefined {
  return db.prepare('SELECT id, name, created_at FROM value_models ORDER BY id DESC LIMIT 1').get() as
    LatestFit | undefined;
}

export const valueTierSql = (decile: string) =>
  `CASE WHEN ${decile} IS NULL THEN NULL WHEN ${decile} >= 9 THEN 'high' WHEN ${decile} >= 5 THEN 'medium' ELSE 'low' END`;

export const valueColumns: ScoredColumnSource = {
  columns(db) {
    const columns: ScoredColumn[] = [];
    const fit = latestValueModel(db);
    if (fit) {
      const id = Math.trunc(fit.id);
      const lookup = (column: string) =>
        `(SELECT vs.${column} FROM value_scores vs WHERE vs.model_id = ${id} AND vs.customer_id = v.customer_id)`;
      const from = `the customer-value fit "${fit.name}" of ${fit.created_at.slice(0, 10)}`;
      columns.push(
        {
          key: 'clv',
          name: 'CLV',
          type: 'decimal',
          description: `Customer lifetime value (discounted expected margin) from ${from}.`,
          sql: lookup('clv'),
          leakage: purchaseLeakage,
        },
        {
          key: 'value_tier',
          name: 'Value tier',
          type: 'category',
          description: `Value tier by CLV decile from ${from}: high = top 20%, medium = deciles 5–8, low = the bottom 40%.`,
          sql: valueTierSql(lookup('decile')),
          leakage: purchaseLeakage,
        },
        {
          key: 'value_decile',
          name: 'CLV decile',
          type: 'integer',
          description: `CLV decile (10 = the top 10%) from ${from}.`,
          sql: lookup('decile'),
          leakage: purchaseLeakage,
        },
        {
          key: 'p_alive',
          name: 'P(alive)',
          type: 'decimal',
          description: `Probability that the customer is still active (still buying) from ${from}.`,
          sql: lookup('p_alive'),
          leakage: purchaseLeakage,
        },
      );
    }
    const rfm = readRfmMeta(db);
    if (rfm)
      columns.push({
        key: 'rfm_segment',
        name: 'RFM segment',
        type: 'category',
        description: `RFM segment (recency × frequency grid) as of ${rfm.asOf}.`,
        sql: '(SELECT rs.segment FROM rfm_scores rs WHERE rs.customer_id = v.customer_id)',
        leakage: purchaseLeakage,
      });
    return columns;
  },
  state(db) {
    return [
      db.prepare('SELECT COUNT(*) AS fits, MAX(id) AS lastId FROM value_models').get(),
      db.prepare("SELECT value FROM project_meta WHERE key = 'value_revision'").pluck().get() ?? null,
      readRfmMeta(db),
    ];
  },
};
