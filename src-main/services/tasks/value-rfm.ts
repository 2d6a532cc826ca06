import type { RfmResult } from '@shared/contract/value';
import { AppError } from '@shared/errors';
import { rfm } from '../../engine/rfm/rfm';
import { rfmGrid, rfmSegments, summarizeSegments } from '../../engine/rfm/segments';
import { dayNumber, isoFromDay } from '../../engine/retention/periods';
import type { TaskContext } from '../../jobs/task-context';
import { writeRfmScores } from '../../store/value-models';
import { readTransactionLog } from './value-fit';

/**
 * value.rfm (jobs worker): RFM of every customer with a purchase on or before as-of (default: the last
 * purchase date), stored in rfm_scores in one transaction so the segments drill down to the customer
 * list and become the "RFM segment" column everywhere else.
 */
export function rfmTask(input: { project: string; asOf?: string | undefined }, ctx: TaskContext): RfmResult {
  const db = ctx.projects.get(input.project);
  ctx.progress({ phase: 'rfm', label: 'Reading the transactions', done: 0, total: 3, unit: 'steps' });
  const log = readTransactionLog(db);
  const asOfDay = input.asOf === undefined ? log.last : dayNumber(input.asOf);
  if (asOfDay < log.first)
    throw new AppError(
      'INVALID_REQUEST',
      `No purchase on or before ${isoFromDay(asOfDay)}: the first is on ${isoFromDay(log.first)}.`,
      {
        asOf: input.asOf,
      },
    );
  ctx.checkCancelled();
  ctx.progress({
    phase: 'rfm',
    label: 'Scoring recency, frequency and monetary value',
    done: 1,
    total: 3,
    unit: 'steps',
  });
  const result = rfm(log, asOfDay);
  ctx.checkCancelled();
  ctx.progress({ phase: 'rfm', label: 'Saving the segments', done: 2, total: 3, unit: 'steps' });
  const asOf = isoFromDay(asOfDay);
  db.transaction(() =>
    writeRfmScores(
      db,
      { asOf, computedAt: new Date().toISOString(), customers: result.customers.length },
      result.customers,
    ),
  )();
  const info = new Map(rfmSegments.map((s) => [s.segment, s]));
  return {
    asOf,
    customers: result.customers.length,
    ignoredAfterAsOf: result.ignoredAfterAsOf,
    segments: summarizeSegments(result.customers).map((row) => {
      const segment = info.get(row.segment)!;
      return {
        ...row,
        description: segment.description,
        action: segment.action,
        rule: segment.rule,
        meanRecency: row.customers ? row.meanRecency : null,
        meanFrequency: row.customers ? row.meanFrequency : null,
        meanMonetary: row.customers ? row.meanMonetary : null,
      };
    }),
    grid: rfmGrid(result.customers),
    method: [
      `As of ${asOf}: recency = days since the last purchase; frequency = distinct purchase days (several orders on one day are one purchase); monetary = total spend.`,
      'Scores 1–5 by quintile (5 = most recent, most frequent, highest spend): customers sorted by the value are cut into five groups of (nearly) equal size, and customers with equal values share the lower score, so identical customers always score alike (groups can then be unequal: with many one-time buyers, F 2 may be empty).',
      'Segments come from the recency × frequency grid (monetary is shown but does not change the segment).',
    ],
  };
}
