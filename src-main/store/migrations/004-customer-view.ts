import type { Migration } from './migration';

/**
 * The customer view: one row per customer id found in any dataset, derived from all of them under the
 * project's churn definition (store/customer-view.ts rebuilds it inside every import, undo and change of
 * definition). `row` is the view's own order: customers of the customer table first, in file order,
 * then ids seen only in other datasets, sorted. `customer_row` joins the customer table (and its
 * attributes) when the id is in it.
 *
 * inter_purchase_gaps is the frequency table of gaps in days between consecutive order days of the same
 * customer (up to the as-of date), from which the non-contractual definition picks its window and the
 * churn-definition page draws its histogram.
 *
 * Nothing is filled here: the first read of an upgraded file builds the view (it is derived data, and
 * the view knows when it is stale; see ensureCustomerView).
 */
export const migration004: Migration = {
  version: 4,
  name: 'customer view',
  up: (db) => {
    db.exec(`
      CREATE TABLE customer_view (
        row                   INTEGER PRIMARY KEY,
        customer_id           TEXT NOT NULL,
        customer_row          INTEGER,
        first_activity        TEXT,
        last_activity         TEXT,
        tenure_days           REAL,
        churned               INTEGER CHECK (churned IN (0, 1)),
        churn_date            TEXT,
        current_mrr           REAL,
        total_revenue         REAL,
        orders                INTEGER,
        first_order           TEXT,
        last_order            TEXT,
        days_since_last_order INTEGER,
        tickets_90d           INTEGER,
        complaints_90d        INTEGER,
        latest_nps            REAL
      ) STRICT;

      CREATE TABLE inter_purchase_gaps (
        days  INTEGER PRIMARY KEY,
        gaps  INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
