import type { Migration } from './migration';

/**
 * Churn-risk models and their scores (issue 5).
 *
 * risk_models: one row per saved model — the train request and the metrics as JSON (the contract's
 * shapes), the fitted model as JSON (design recipe and coefficients, or trees), and the project-state
 * token at training time, so a later import or definition change shows the model as not current.
 * Scoring writes scored_at, the thresholds and the value basis here, and the scores below.
 *
 * risk_scores: one row per scored customer and model, replaced as a whole on every re-score (in one
 * transaction). Indexes serve the scored-customer pages: by risk or by value, overall or within a tier.
 *
 * This DDL is frozen: later changes go into a new migration.
 */
export const migration006: Migration = {
  version: 6,
  name: 'churn-risk models and scores',
  up: (db) => {
    db.exec(`
      CREATE TABLE risk_models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('logistic', 'gbt')),
        created_at TEXT NOT NULL,
        request_json TEXT NOT NULL,
        metrics_json TEXT NOT NULL,
        model_json TEXT NOT NULL,
        state_token TEXT NOT NULL,
        scored_at TEXT,
        scored_state_token TEXT,
        score_json TEXT
      );
      CREATE TABLE risk_scores (
        model_id INTEGER NOT NULL REFERENCES risk_models (id) ON DELETE CASCADE,
        customer_id TEXT NOT NULL,
        score REAL NOT NULL,
        tier TEXT NOT NULL CHECK (tier IN ('low', 'medium', 'high')),
        value REAL,
        reasons_json TEXT NOT NULL,
        PRIMARY KEY (model_id, customer_id)
      ) WITHOUT ROWID;
      CREATE INDEX risk_scores_by_score ON risk_scores (model_id, score DESC, customer_id);
      CREATE INDEX risk_scores_by_tier ON risk_scores (model_id, tier, score DESC, customer_id);
      CREATE INDEX risk_scores_by_value ON risk_scores (model_id, value DESC, customer_id);
    `);
  },
};
