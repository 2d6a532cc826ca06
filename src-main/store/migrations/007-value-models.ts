import type { Migration } from './migration';

/**
 * Customer-value fits, their per-customer values, and RFM scores (issue 6).
 *
 * value_models: one row per saved BG/NBD or Pareto/NBD fit — the request and the full result as JSON
 * (the contract's shapes), what CLV recomputation needs (scoring parameters, spend model, unit) as JSON,
 * and the project-state token at fitting time, so a later import shows the fit as not current.
 *
 * value_scores: one row per customer and fit (customers whose first purchase is on or before the
 * last purchase date of the log), replaced as a whole when CLV settings change (in one transaction).
 *
 * rfm_scores: the latest RFM scoring (one row per customer with transactions); its as-of date lives in
 * project_meta under 'rfm'.
 *
 * This DDL is frozen: later changes go into a new migration.
 */
export const migration007: Migration = {
  version: 7,
  name: 'customer-value fits, values and RFM scores',
  up: (db) => {
    db.exec(`
      CREATE TABLE value_models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('bgnbd', 'pareto')),
        created_at TEXT NOT NULL,
        request_json TEXT NOT NULL,
        result_json TEXT NOT NULL,
        model_json TEXT NOT NULL,
        state_token TEXT NOT NULL
      );
      CREATE TABLE value_scores (
        model_id INTEGER NOT NULL REFERENCES value_models (id) ON DELETE CASCADE,
        customer_id TEXT NOT NULL,
        x INTEGER NOT NULL,
        tx REAL NOT NULL,
        age REAL NOT NULL,
        zbar REAL NOT NULL,
        p_alive REAL NOT NULL,
        expected_purchases REAL NOT NULL,
        expected_spend REAL,
        clv REAL,
        decile INTEGER CHECK (decile BETWEEN 1 AND 10),
        PRIMARY KEY (model_id, customer_id)
      ) WITHOUT ROWID;
      CREATE INDEX value_scores_by_clv ON value_scores (model_id, clv DESC, customer_id);
      CREATE INDEX value_scores_by_decile ON value_scores (model_id, decile, clv DESC, customer_id);
      CREATE TABLE rfm_scores (
        customer_id TEXT PRIMARY KEY,
        recency_days INTEGER NOT NULL,
        frequency INTEGER NOT NULL,
        monetary REAL NOT NULL,
        r INTEGER NOT NULL CHECK (r BETWEEN 1 AND 5),
        f INTEGER NOT NULL CHECK (f BETWEEN 1 AND 5),
        m INTEGER NOT NULL CHECK (m BETWEEN 1 AND 5),
        segment TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX rfm_scores_by_segment ON rfm_scores (segment, customer_id);
    `);
  },
};
