import type { z } from 'zod';
import {
  RiskMetrics,
  RiskTier,
  ScoreResult,
  ScoredCustomer,
  TrainRequest,
  type RiskModelSummary,
} from '@shared/contract/risk';
import { AppError } from '@shared/errors';
import type { Db } from './database';

/** risk_models and risk_scores (migration 006): saved churn-risk models and their scores. */

export interface StoredRiskModel {
  id: number;
  name: string;
  kind: 'logistic' | 'gbt';
  createdAt: string;
  request: z.output<typeof TrainRequest>;
  metrics: RiskMetrics;
  /** The fitted model as the trainer serialised it (parsed by the trainer). */
  model: unknown;
  stateToken: string;
  scoredAt: string | null;
  scoredStateToken: string | null;
  score: StoredScoreSettings | null;
}

export const StoredScoreSettings = ScoreResult.pick({ thresholds: true, valueBasis: true, population: true });
export type StoredScoreSettings = z.infer<typeof StoredScoreSettings>;

interface ModelRow {
  id: number;
  name: string;
  kind: 'logistic' | 'gbt';
  created_at: string;
  request_json: string;
  metrics_json: string;
  model_json: string;
  state_token: string;
  scored_at: string | null;
  scored_state_token: string | null;
  score_json: string | null;
}

function fromRow(row: ModelRow): StoredRiskModel {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    createdAt: row.created_at,
    request: TrainRequest.parse(JSON.parse(row.request_json)),
    metrics: RiskMetrics.parse(JSON.parse(row.metrics_json)),
    model: JSON.parse(row.model_json) as unknown,
    stateToken: row.state_token,
    scoredAt: row.scored_at,
    scoredStateToken: row.scored_state_token,
    score: row.score_json === null ? null : StoredScoreSettings.parse(JSON.parse(row.score_json)),
  };
}

/** A model by id or by name; NOT_FOUND names the saved ones. */
export function findRiskModel(db: Db, ref: number | string): StoredRiskModel {
  const row = (
    typeof ref === 'number'
      ? db.prepare('SELECT * FROM risk_models WHERE id = ?').get(ref)
      : db.prepare('SELECT * FROM risk_models WHERE name = ?').get(ref)
  ) as ModelRow | undefined;
  if (!row) {
    const names = db.prepare('SELECT name FROM risk_models ORDER BY id').pluck().all() as string[];
    throw new AppError(
      'NOT_FOUND',
      `There is no saved model ${typeof ref === 'number' ? `#${ref}` : `"${ref}"`}${names.length ? ` (saved: ${names.join(', ')})` : ' (none is saved yet: train one first)'}.`,
      { model: ref, saved: names },
    );
  }
  return fromRow(row);
}

export function riskModelNameTaken(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM risk_models WHERE name = ?').get(name) !== undefined;
}

/** "<kind> <n>" with the smallest n not yet used. */
export function nextRiskModelName(db: Db, kind: string): string {
  for (let n = 1; ; n++) if (!riskModelNameTaken(db, `${kind} ${n}`)) return `${kind} ${n}`;
}

export function deleteRiskModelByName(db: Db, name: string): void {
  db.prepare('DELETE FROM risk_models WHERE name = ?').run(name);
}

export function deleteRiskModel(db: Db, id: number): void {
  db.prepare('DELETE FROM risk_models WHERE id = ?').run(id);
}

export function insertRiskModel(
  db: Db,
  model: Omit<StoredRiskModel, 'id' | 'scoredAt' | 'scoredStateToken' | 'score'>,
): number {
  const result = db
    .prepare(
      `INSERT INTO risk_models (name, kind, created_at, request_json, metrics_json, model_json, state_token)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      model.name,
      model.kind,
      model.createdAt,
      JSON.stringify(model.request),
      JSON.stringify(model.metrics),
      JSON.stringify(model.model),
      model.stateToken,
    );
  return Number(result.lastInsertRowid);
}

export function listRiskModels(db: Db, currentToken: string): RiskModelSummary[] {
  const rows = db.prepare('SELECT * FROM risk_models ORDER BY id').all() as ModelRow[];
  const counts = new Map(
    (
      db.prepare('SELECT model_id, COUNT(*) AS n FROM risk_scores GROUP BY model_id').all() as {
        model_id: number;
        n: number;
      }[]
    ).map((row) => [row.model_id, row.n]),
  );
  return rows.map((row) => {
    const model = fromRow(row);
    const { metrics, request } = model;
    return {
      id: model.id,
      name: model.name,
      kind: model.kind,
      createdAt: model.createdAt,
      features: metrics.features,
      target: request.target,
      params: {
        folds: request.folds,
        seed: request.seed,
        ...(request.penalty ? { penalty: request.penalty } : {}),
        ...(request.gbt ? { gbt: request.gbt } : {}),
        ...(request.foldsFrom ? { foldsFrom: 'given' } : {}),
        ...(request.filters.length ? { filters: request.filters } : {}),
        ...(request.holdout !== undefined ? { holdout: request.holdout } : {}),
        ...(request.campaign ? { campaign: request.campaign } : {}),
      },
      metrics: {
        auc: metrics.auc.mean,
        aucSd: metrics.auc.sd,
        prAuc: metrics.prAuc,
        logLoss: metrics.logLoss,
        brier: metrics.brier,
        rows: metrics.target.rows,
      },
      current: model.stateToken === currentToken,
      scoredAt: model.scoredAt,
      scoredCustomers: counts.get(model.id) ?? 0,
    };
  });
}

export interface ScoreRow {
  customerId: string;
  score: number;
  tier: RiskTier;
  value: number | null;
  reasons: ScoredCustomer['reasons'];
}

/** Replaces the model's scores (call inside the caller's transaction). */
export function writeRiskScores(
  db: Db,
  modelId: number,
  rows: Iterable<ScoreRow>,
  settings: StoredScoreSettings,
  scoredAt: string,
  stateToken: string,
  checkCancelled: () => void,
): void {
  db.prepare('DELETE FROM risk_scores WHERE model_id = ?').run(modelId);
  const insert = db.prepare(
    'INSERT INTO risk_scores (model_id, customer_id, score, tier, value, reasons_json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let written = 0;
  for (const row of rows) {
    insert.run(modelId, row.customerId, row.score, row.tier, row.value, JSON.stringify(row.reasons));
    if (++written % 10_000 === 0) checkCancelled();
  }
  // Last chance to cancel: the caller's transaction then rolls every row above back.
  checkCancelled();
  db.prepare('UPDATE risk_models SET scored_at = ?, scored_state_token = ?, score_json = ? WHERE id = ?').run(
    scoredAt,
    stateToken,
    JSON.stringify(settings),
    modelId,
  );
}

const Reasons = ScoredCustomer.shape.reasons;

export function readScorePage(
  db: Db,
  modelId: number,
  options: {
    tier?: RiskTier | undefined;
    sort: 'risk' | 'value';
    direction: 'asc' | 'desc';
    offset: number;
    limit: number;
  },
): { total: number; customers: ScoredCustomer[] } {
  const where = options.tier === undefined ? 'model_id = ?' : 'model_id = ? AND tier = ?';
  const params: unknown[] = options.tier === undefined ? [modelId] : [modelId, options.tier];
  const total = db
    .prepare(`SELECT COUNT(*) FROM risk_scores WHERE ${where}`)
    .pluck()
    .get(...params) as number;
  // Column and direction come from the enums above, never from user text; missing values last.
  const column = options.sort === 'risk' ? 'score' : 'value';
  const direction = options.direction === 'asc' ? 'ASC' : 'DESC';
  const rows = db
    .prepare(
      `SELECT customer_id, score, tier, value, reasons_json FROM risk_scores WHERE ${where}
       ORDER BY (${column} IS NULL), ${column} ${direction}, customer_id LIMIT ? OFFSET ?`,
    )
    .all(...params, options.limit, options.offset) as {
    customer_id: string;
    score: number;
    tier: RiskTier;
    value: number | null;
    reasons_json: string;
  }[];
  return {
    total,
    customers: rows.map((row) => ({
      customerId: row.customer_id,
      score: row.score,
      tier: row.tier,
      value: row.value,
      reasons: Reasons.parse(JSON.parse(row.reasons_json)),
    })),
  };
}

export interface TierRow {
  tier: RiskTier;
  customers: number;
  meanScore: number | null;
  value: number | null;
  revenueAtRisk: number | null;
}

/** Per tier: customers, mean score, Σ value and Σ score × value (SQL SUM: NULL values count as none). */
export function readTierSummary(db: Db, modelId: number): TierRow[] {
  const rows = db
    .prepare(
      `SELECT tier, COUNT(*) AS customers, AVG(score) AS meanScore, SUM(value) AS value,
              SUM(score * value) AS revenueAtRisk
       FROM risk_scores WHERE model_id = ? GROUP BY tier`,
    )
    .all(modelId) as TierRow[];
  return RiskTier.options.map(
    (tier) =>
      rows.find((row) => row.tier === tier) ?? {
        tier,
        customers: 0,
        meanScore: null,
        value: null,
        revenueAtRisk: null,
      },
  );
}
