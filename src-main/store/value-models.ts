import { z } from 'zod';
import type { RfmSegment } from '@shared/contract/value';
import {
  BtydModelKind,
  ClvSettings,
  FitRequest,
  FitResult,
  TimeUnit,
  type ValueCustomer,
  type ValueModelSummary,
  type ValueTiersResult,
} from '@shared/contract/value';
import { AppError } from '@shared/errors';
import type { Db } from './database';
import { putMeta, readMetaJson } from './project-meta';

/** value_models, value_scores and rfm_scores (migration 007): saved customer-value fits and RFM scores. */

/** What CLV recomputation needs without refitting: the scoring fit's parameters and the spend model. */
export const StoredValueModel = z.object({
  kind: BtydModelKind,
  unit: TimeUnit,
  unitDays: z.number(),
  params: z.record(z.string(), z.number()),
  spend: z.object({ p: z.number(), q: z.number(), gamma: z.number() }).nullable(),
});
export type StoredValueModel = z.infer<typeof StoredValueModel>;

export interface SavedValueModel {
  id: number;
  name: string;
  createdAt: string;
  request: z.output<typeof FitRequest>;
  result: FitResult;
  model: StoredValueModel;
  stateToken: string;
}

interface ModelRow {
  id: number;
  name: string;
  created_at: string;
  request_json: string;
  result_json: string;
  model_json: string;
  state_token: string;
}

function parseRow(row: ModelRow): SavedValueModel {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    request: FitRequest.parse(JSON.parse(row.request_json)),
    result: FitResult.parse(JSON.parse(row.result_json)),
    model: StoredValueModel.parse(JSON.parse(row.model_json)),
    stateToken: row.state_token,
  };
}

/** The id of a saved fit given by id or by name; NOT_FOUND names what exists. */
export function valueModelId(db: Db, ref: number | string): number {
  const id = (
    typeof ref === 'number'
      ? db.prepare('SELECT id FROM value_models WHERE id = ?').pluck().get(ref)
      : db.prepare('SELECT id FROM value_models WHERE name = ?').pluck().get(ref)
  ) as number | undefined;
  if (id === undefined) {
    const names = db.prepare('SELECT name FROM value_models ORDER BY id').pluck().all() as string[];
    throw new AppError(
      'NOT_FOUND',
      names.length === 0
        ? 'There is no saved customer-value fit in this project: fit one first (value.fit).'
        : `No customer-value fit "${String(ref)}". Saved fits: ${names.join(', ')}.`,
      { model: ref },
    );
  }
  return id;
}

/** A saved fit in full (its stored result parsed): for reads that need more than the id. */
export function findValueModel(db: Db, ref: number | string): SavedValueModel {
  const row = db.prepare('SELECT * FROM value_models WHERE id = ?').get(valueModelId(db, ref)) as ModelRow;
  return parseRow(row);
}

export function listValueModels(db: Db, stateToken: string): ValueModelSummary[] {
  const rows = db.prepare('SELECT * FROM value_models ORDER BY id DESC').all() as ModelRow[];
  return rows.map((row) => {
    const saved = parseRow(row);
    return {
      id: saved.id,
      name: saved.name,
      model: saved.result.model,
      createdAt: saved.createdAt,
      unit: saved.result.unit,
      calibrationEnd: saved.result.calibrationEnd,
      customers: saved.result.customers,
      logLik: saved.result.fit.logLik,
      clv: ClvSettings.parse(saved.result.clv),
      current: saved.stateToken === stateToken,
    };
  });
}

/** A name not yet taken: "BG/NBD 2026-11-23", then "… (2)", … */
export function freeValueModelName(db: Db, base: string): string {
  const taken = new Set(db.prepare('SELECT name FROM value_models').pluck().all() as string[]);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
}

export interface ValueScoreRow {
  customerId: string;
  x: number;
  tx: number;
  age: number;
  zbar: number;
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number | null;
  clv: number | null;
  decile: number | null;
}

/** Insert a fit and its values; call inside the caller's transaction. Returns the new id. */
export function insertValueModel(
  db: Db,
  model: {
    name: string;
    kind: string;
    createdAt: string;
    request: unknown;
    model: StoredValueModel;
    stateToken: string;
  },
): number {
  const info = db
    .prepare(
      `INSERT INTO value_models (name, kind, created_at, request_json, result_json, model_json, state_token)
       VALUES (?, ?, ?, ?, '{}', ?, ?)`,
    )
    .run(
      model.name,
      model.kind,
      model.createdAt,
      JSON.stringify(model.request),
      JSON.stringify(model.model),
      model.stateToken,
    );
  return Number(info.lastInsertRowid);
}

export function writeValueResult(db: Db, id: number, result: FitResult): void {
  db.prepare('UPDATE value_models SET result_json = ? WHERE id = ?').run(JSON.stringify(result), id);
}

/**
 * Replace a fit's per-customer values; call inside the caller's transaction. Bumps 'value_revision' so
 * the analysis cache (which sees the values as customer columns) knows they changed.
 */
export function writeValueScores(db: Db, id: number, rows: readonly ValueScoreRow[]): void {
  db.prepare('DELETE FROM value_scores WHERE model_id = ?').run(id);
  const revision = db.prepare("SELECT value FROM project_meta WHERE key = 'value_revision'").pluck().get();
  putMeta(db, 'value_revision', String(Number(revision ?? 0) + 1));
  const insert = db.prepare(
    `INSERT INTO value_scores (model_id, customer_id, x, tx, age, zbar, p_alive, expected_purchases, expected_spend, clv, decile)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const row of rows)
    insert.run(
      id,
      row.customerId,
      row.x,
      row.tx,
      row.age,
      row.zbar,
      row.pAlive,
      row.expectedPurchases,
      row.expectedSpend,
      row.clv,
      row.decile,
    );
}

export function readValueScores(db: Db, id: number): ValueScoreRow[] {
  return db
    .prepare(
      `SELECT customer_id AS customerId, x, tx, age, zbar, p_alive AS pAlive, expected_purchases AS expectedPurchases,
              expected_spend AS expectedSpend, clv, decile
       FROM value_scores WHERE model_id = ? ORDER BY customer_id`,
    )
    .all(id) as ValueScoreRow[];
}

const sortSql = {
  clv: 's.clv',
  pAlive: 's.p_alive',
  expectedPurchases: 's.expected_purchases',
  expectedSpend: 's.expected_spend',
  x: 's.x',
  customerId: 's.customer_id',
} as const;

/**
 * A page of a fit's customers with their RFM segment and the latest scored risk tier. Sorting and
 * filtering happen in SQLite (bound parameters; the ORDER BY comes from the fixed map above).
 */
export function readValueCustomers(
  db: Db,
  id: number,
  request: {
    sort: keyof typeof sortSql;
    direction: 'asc' | 'desc';
    rfmSegment?: RfmSegment | undefined;
    decile?: number | undefined;
    riskTier?: 'low' | 'medium' | 'high' | undefined;
    offset: number;
    limit: number;
  },
  riskModelId: number | null,
): { total: number; customers: ValueCustomer[] } {
  const where = ['s.model_id = @id'];
  if (request.rfmSegment !== undefined) where.push('r.segment = @segment');
  if (request.decile !== undefined) where.push('s.decile = @decile');
  if (request.riskTier !== undefined) where.push('k.tier = @tier');
  const from = `FROM value_scores s
    LEFT JOIN rfm_scores r ON r.customer_id = s.customer_id
    LEFT JOIN risk_scores k ON k.model_id = @riskModel AND k.customer_id = s.customer_id
    WHERE ${where.join(' AND ')}`;
  const params = {
    id,
    segment: request.rfmSegment ?? null,
    decile: request.decile ?? null,
    tier: request.riskTier ?? null,
    riskModel: riskModelId ?? -1,
  };
  const total = db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(params) as number;
  const direction = request.direction === 'asc' ? 'ASC' : 'DESC';
  const rows = db
    .prepare(
      `SELECT s.customer_id AS customerId, s.x, s.tx, s.age AS T, s.zbar, s.p_alive AS pAlive,
              s.expected_purchases AS expectedPurchases, s.expected_spend AS expectedSpend, s.clv, s.decile,
              r.segment AS rfmSegment, k.tier AS riskTier
       ${from}
       ORDER BY ${sortSql[request.sort]} ${direction} NULLS LAST, s.customer_id
       LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: request.limit, offset: request.offset }) as ValueCustomer[];
  return { total, customers: rows };
}

/** Customers and CLV per (CLV decile, risk tier of the given risk model; "unscored" without one). */
export function readValueTiers(db: Db, id: number, riskModelId: number | null): ValueTiersResult['cells'] {
  return db
    .prepare(
      `SELECT s.decile AS decile, COALESCE(k.tier, 'unscored') AS riskTier, COUNT(*) AS customers, SUM(s.clv) AS clv
       FROM value_scores s LEFT JOIN risk_scores k ON k.model_id = ? AND k.customer_id = s.customer_id
       WHERE s.model_id = ? AND s.decile IS NOT NULL
       GROUP BY s.decile, COALESCE(k.tier, 'unscored') ORDER BY s.decile DESC, riskTier`,
    )
    .all(riskModelId ?? -1, id) as ValueTiersResult['cells'];
}

export function deleteValueModel(db: Db, id: number): void {
  db.prepare('DELETE FROM value_models WHERE id = ?').run(id);
}

export const RfmMeta = z.object({ asOf: z.string(), computedAt: z.string(), customers: z.number() });
export type RfmMeta = z.infer<typeof RfmMeta>;

export interface RfmScoreRow {
  customer: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: string;
}

/** Replace the stored RFM scores; call inside the caller's transaction. */
export function writeRfmScores(db: Db, meta: RfmMeta, rows: readonly RfmScoreRow[]): void {
  db.prepare('DELETE FROM rfm_scores').run();
  const insert = db.prepare(
    'INSERT INTO rfm_scores (customer_id, recency_days, frequency, monetary, r, f, m, segment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const row of rows)
    insert.run(row.customer, row.recencyDays, row.frequency, row.monetary, row.r, row.f, row.m, row.segment);
  putMeta(db, 'rfm', JSON.stringify(meta));
}

export function readRfmMeta(db: Db): RfmMeta | null {
  return readMetaJson(db, 'rfm', RfmMeta);
}
