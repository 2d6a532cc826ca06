import type { ColumnType } from '@shared/domain/columns';
import type { Db } from './database';
import { valueColumns } from './value-columns';

/**
 * "Scored columns": columns of the customer table that a saved model adds (issue 5's risk score and
 * tier; issue 6's value tiers will add theirs to `scoredColumnSources`). Each source reads the rows of
 * one model's scores; the customer table shows them as derived columns, so the Customers page, segment
 * filters, survival groupBy, drivers, cohorts `by` and exports all see them without knowing about
 * models.
 *
 * The SQL is a correlated lookup on the score table's primary key (model id, customer id) — the model id
 * is an integer read from our own table, the column names are ours: no user text is built into SQL.
 */
export interface ScoredColumn {
  key: string;
  name: string;
  type: ColumnType;
  description: string;
  sql: string;
  /**
   * Why an analysis of churn must not use the column as an explanation (drivers skip it with this
   * reason), or undefined when it may.
   */
  leakage?: string;
}

export interface ScoredColumnSource {
  /** The columns of the source's latest scoring, none when nothing is scored yet. */
  columns(db: Db): ScoredColumn[];
  /** Part of the analysis state token: changes whenever the columns' values or meaning may change. */
  state(db: Db): unknown;
}

interface LatestScored {
  id: number;
  name: string;
  scored_at: string;
}

/** The most recently scored churn-risk model, if any. */
export function latestScoredRiskModel(db: Db): LatestScored | undefined {
  return db
    .prepare(
      `SELECT id, name, scored_at FROM risk_models WHERE scored_at IS NOT NULL
       ORDER BY scored_at DESC, id DESC LIMIT 1`,
    )
    .get() as LatestScored | undefined;
}

const riskLeakage =
  'derived from a churn-risk model trained on the churn outcome, and only active customers are scored (leakage)';

export const riskScoreColumns: ScoredColumnSource = {
  columns(db) {
    const model = latestScoredRiskModel(db);
    if (!model) return [];
    const id = Math.trunc(model.id);
    const lookup = (column: 'score' | 'tier') =>
      `(SELECT rs.${column} FROM risk_scores rs WHERE rs.model_id = ${id} AND rs.customer_id = v.customer_id)`;
    const scoredOn = model.scored_at.slice(0, 10);
    return [
      {
        key: 'risk_score',
        name: 'Risk score',
        type: 'decimal',
        description: `Churn risk (probability) from the model "${model.name}", scored on ${scoredOn}; active customers only.`,
        sql: lookup('score'),
        leakage: riskLeakage,
      },
      {
        key: 'risk_tier',
        name: 'Risk tier',
        type: 'category',
        description: `Risk tier (low / medium / high) from the model "${model.name}", scored on ${scoredOn}; active customers only.`,
        sql: lookup('tier'),
        leakage: riskLeakage,
      },
    ];
  },
  state(db) {
    return db
      .prepare(
        `SELECT COUNT(*) AS models, MAX(id) AS lastId, group_concat(id || ':' || IFNULL(scored_at, ''), ',') AS scored
         FROM (SELECT id, scored_at FROM risk_models ORDER BY id)`,
      )
      .get();
  },
};

/** Every source of scored columns, in the order their columns appear. */
export const scoredColumnSources: readonly ScoredColumnSource[] = [riskScoreColumns, valueColumns];

export function scoredColumns(db: Db): ScoredColumn[] {
  return scoredColumnSources.flatMap((source) => source.columns(db));
}

/** The state of every scored-column source, for the analysis cache's token. */
export function scoredColumnsState(db: Db): unknown[] {
  return scoredColumnSources.map((source) => source.state(db));
}
