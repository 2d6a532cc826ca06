import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, bgnbdPredictor, fitBgNbd } from '../../../src-main/engine/btyd/bgnbd';
import { cumulativeTracking, holdoutByFrequency } from '../../../src-main/engine/btyd/holdout-check';
import {
  groupSummaries,
  repeatPurchasesByPeriod,
  summarizeTransactions,
} from '../../../src-main/engine/btyd/summary';
import { dayNumber, publishedSummary, sampleLog } from './cdnow-sample';

// Reference: Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science
// 24(2), section 4 (CDNOW 1/10 sample, 2,357 customers, weeks): r = 0.2426, α = 4.414, a = 0.793,
// b = 2.426, log-likelihood −9582.4; and E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 (their worked
// example). Parameters to 5e-4 relative (the published 3–4 significant figures), LL to 0.1, the worked
// example to 0.0005. The summary is built by our own summary step from the raw log.

const log = sampleLog();
const calibrationEnd = dayNumber('1997-09-30');
const holdoutEnd = dayNumber('1998-06-30');
const summary = summarizeTransactions(log, { calibrationEnd, holdoutEnd, unit: 'week' });
const data = groupSummaries(summary.customers);
const published = { r: 0.2426, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD on the CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  const fit = fitBgNbd(data);

  it('reproduces the published estimates and log-likelihood', () => {
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    for (const name of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fit.params[name] / published[name] - 1)).toBeLessThan(5e-4);
    expect(Math.abs(fit.logLik - -9582.4)).toBeLessThan(0.1);
    expect(fit.logLik).toBeCloseTo(bgnbdLogLikelihood(fit.params, data), 8);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(fit.se[name]).toBeGreaterThan(0);
  });

  it('fits the same on the grouped triples as on one row per customer', () => {
    expect(data.x.length).toBeLessThan(summary.customers.length);
    const ungrouped = {
      x: Float64Array.from(summary.customers, (c) => c.x),
      tx: Float64Array.from(summary.customers, (c) => c.tx),
      T: Float64Array.from(summary.customers, (c) => c.T),
      weight: new Float64Array(summary.customers.length).fill(1),
    };
    expect(bgnbdLogLikelihood(fit.params, ungrouped)).toBeCloseTo(fit.logLik, 8);
  });

  it('gives the worked example: E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226', () => {
    const predictor = bgnbdPredictor(fit.params);
    expect(Math.abs(predictor.conditionalExpected(39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.0005);
    // P(alive) of the same customer: 0.7266 at these estimates (eq. 11; pinned to catch regressions).
    expect(predictor.pAlive(2, 30.43, 38.86)).toBeCloseTo(0.7266, 4);
  });

  it('checks the hold-out: per-frequency means and the cumulative tracking are consistent', () => {
    const predictor = bgnbdPredictor(fit.params);
    const buckets = holdoutByFrequency(predictor, summary.customers, summary.holdoutLength);
    expect(buckets.reduce((s, b) => s + b.customers, 0)).toBe(2357);
    const actualTotal = buckets.reduce((s, b) => s + b.actual * b.customers, 0);
    expect(actualTotal).toBeCloseTo(1882, 8);
    const predictedTotal = buckets.reduce((s, b) => s + b.predicted * b.customers, 0);
    let direct = 0;
    for (const c of summary.customers)
      direct += predictor.conditionalExpected(summary.holdoutLength, c.x, c.tx, c.T);
    expect(predictedTotal).toBeCloseTo(direct, 6);
    // Expected hold-out repeat purchases of this cohort at the published estimates: 1,653.4 (pinned
    // to 0.5; the 1,882 actual is 14% higher — the BG/NBD under-forecasts CDNOW's hold-out).
    expect(Math.abs(predictedTotal - 1653.4)).toBeLessThan(0.5);

    const { repeatsByPeriod, firstPeriods } = repeatPurchasesByPeriod(log, {
      start: dayNumber('1997-01-01'),
      end: holdoutEnd,
      unit: 'week',
      cohortEnd: calibrationEnd,
    });
    const tracking = cumulativeTracking(predictor, firstPeriods, repeatsByPeriod, 39);
    expect(tracking).toHaveLength(78);
    expect(tracking[38]).toMatchObject({ period: 39, actual: 2457, calibration: true });
    expect(tracking[77]).toMatchObject({ period: 78, actual: 4339, calibration: false });
    // Each customer's expectation at week 78 summed directly.
    let week78 = 0;
    for (const s of firstPeriods) week78 += predictor.unconditionalExpected(78 - s);
    expect(tracking[77]!.predicted).toBeCloseTo(week78, 6);
  });
});

describe('BG/NBD on the published summary file', () => {
  it('gives the same estimates as on our own summary (1e-3 relative: the file rounds to 2 decimals)', () => {
    const rows = publishedSummary().map(({ x, tx, T }) => ({
      x: Number(x),
      tx: Number(tx),
      T: Number(T),
    }));
    const fit = fitBgNbd(groupSummaries(rows));
    for (const name of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fit.params[name] / published[name] - 1)).toBeLessThan(1e-3);
  });
});
