import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { kaplanMeier, type ConfidenceType } from '../../../src-main/engine/survival/km';
import { logRank } from '../../../src-main/engine/survival/logrank';
import { lungCsv, telcoCsv } from '../../support/datasets';

// Reference: tests/golden/survival-km/survival-km.R (R's survival 3.5: survfit, quantile, summary(rmean),
// survdiff) on the same files; CI reads only the committed JSON. Every point to 1e-6 (R's values are
// written with 15 significant digits), medians exactly (they are data times or midpoints of two).

type Nullable = number | null;
interface Curve {
  time: number[];
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  surv: number[];
  std_err: Nullable[];
  lower: Nullable[];
  upper: Nullable[];
}
interface Median {
  value: Nullable;
  lower: Nullable;
  upper: Nullable;
}
interface GoldenGroup {
  key: string;
  n: number;
  events: number;
  curves: Record<ConfidenceType, Curve>;
  median: Record<ConfidenceType, Median>;
  survival_at: { time: number[]; surv: number[] };
  rmean: { tau: number; rmean: number; se: number }[];
}
interface Golden {
  groups: GoldenGroup[];
  survdiff: {
    groups: string[];
    observed: number[];
    expected: number[];
    chisq: number;
    df: number;
    p: number;
  };
}

function readGolden<T = Golden>(name: string): T {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, `${name}.json`), 'utf8')) as T;
}

interface Rows {
  time: Float64Array;
  event: Uint8Array;
  group: string[];
}

function readRows(
  path: string,
  timeColumn: string,
  isEvent: (row: Record<string, string>) => boolean,
  groupColumn: string,
): Rows {
  const records = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
  return {
    time: Float64Array.from(records, (row) => Number(row[timeColumn])),
    event: Uint8Array.from(records, (row) => (isEvent(row) ? 1 : 0)),
    group: records.map((row) => row[groupColumn] as string),
  };
}

const datasets = {
  lung: { golden: readGolden('lung'), rows: readRows(lungCsv, 'time', (row) => row.status === '2', 'sex') },
  telco: {
    golden: readGolden('telco'),
    rows: readRows(telcoCsv, 'tenure', (row) => row.Churn === 'Yes', 'Contract'),
  },
};

/** Largest absolute difference seen per dataset and quantity, printed at the end (for the record). */
const worst = new Map<string, number>();
function close(label: string, actual: Nullable, expected: Nullable, tolerance: number): void {
  if (expected === null) {
    // R's NA (and Inf, which jsonlite also writes as null).
    expect(actual === null || !Number.isFinite(actual), label).toBe(true);
    return;
  }
  expect(actual, label).not.toBeNull();
  const diff = Math.abs((actual as number) - expected);
  worst.set(label, Math.max(worst.get(label) ?? 0, diff));
  expect(diff, `${label}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(tolerance);
}

function subset(rows: Rows, key: string): { time: Float64Array; event: Uint8Array } {
  if (key === 'all') return rows;
  const keep = rows.group.flatMap((g, i) => (g === key ? [i] : []));
  return {
    time: Float64Array.from(keep, (i) => rows.time[i] as number),
    event: Uint8Array.from(keep, (i) => rows.event[i] as number),
  };
}

afterAll(() => {
  console.log(
    'survival-km golden, max |Tenure − R|:\n' +
      [...worst].map(([label, diff]) => `  ${label}: ${diff.toExponential(2)}`).join('\n'),
  );
});

/** Every point of every curve, the median by each band, survival at times and restricted means. */
function expectSameFit(
  name: string,
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  expected: GoldenGroup,
) {
  for (const conf of ['log', 'log-log', 'plain'] as const) {
    const fit = kaplanMeier(time, event, { conf });
    const curve = expected.curves[conf];
    expect(fit.n).toBe(expected.n);
    expect(fit.events).toBe(expected.events);
    expect(fit.points.map((p) => p.time)).toEqual(curve.time);
    expect(fit.points.map((p) => [p.atRisk, p.events, p.censored])).toEqual(
      curve.time.map((_, i) => [curve.n_risk[i], curve.n_event[i], curve.n_censor[i]]),
    );
    fit.points.forEach((point, i) => {
      close(`${name} survival`, point.survival, curve.surv[i] as number, 1e-6);
      close(`${name} stdErr`, point.stdErr, curve.std_err[i] as Nullable, 1e-6);
      close(`${name} lower (${conf})`, point.lower, curve.lower[i] as Nullable, 1e-6);
      close(`${name} upper (${conf})`, point.upper, curve.upper[i] as Nullable, 1e-6);
    });
    expect(fit.median, `${name} median (${conf})`).toEqual(expected.median[conf]);
  }
  const fit = kaplanMeier(time, event, { conf: 'log' });
  fit.survivalAt(expected.survival_at.time).forEach((s, i) => {
    close(`${name} survivalAt`, s, expected.survival_at.surv[i] as number, 1e-12);
  });
  for (const { tau, rmean, se } of expected.rmean) {
    const rmst = fit.rmst(tau);
    close(`${name} rmst`, rmst.value, rmean, 1e-8);
    close(`${name} rmst stdErr`, rmst.stdErr, se, 1e-8);
  }
}

describe.each(Object.entries(datasets))('%s matches R survival', (name, { golden, rows }) => {
  describe.each(golden.groups.map((group) => [group.key, group] as const))('group %s', (key, expected) => {
    const data = subset(rows, key);

    it('every point (log, log-log, plain), the medians, survival at times, restricted means', () => {
      expectSameFit(name, data.time, data.event, expected);
    });
  });

  it('log-rank test', () => {
    const codes = rows.group.map((g) => golden.survdiff.groups.indexOf(g));
    const test = logRank(rows.time, rows.event, codes);
    expect(test.groups.map((g) => g.observed)).toEqual(golden.survdiff.observed);
    test.groups.forEach((g, i) =>
      close(`${name} expected`, g.expected, golden.survdiff.expected[i] as number, 1e-8),
    );
    expect(test.df).toBe(golden.survdiff.df);
    close(`${name} chisq`, test.chisq, golden.survdiff.chisq, 1e-6);
    close(`${name} p`, test.p, golden.survdiff.p, 1e-12);
  });
});

// 300 small samples with many ties (times 0–8): curves exactly at one half (24 medians are midpoints),
// curves reaching 0 (Inf standard errors, NA limits), log upper limits that go up and down (15), time 0.
describe('random small samples match R survival', () => {
  const golden = readGolden<{ groups: (GoldenGroup & { time: number[]; event: boolean[] })[] }>(
    'random-small',
  );
  it.each(golden.groups.map((group) => [group.key, group] as const))('%s', (_, expected) => {
    expectSameFit('random-small', expected.time, expected.event, expected);
  });
});

// 200 small grouped samples with ties across groups, and groups with no expected events (left out of
// the test by survdiff: 6 samples) or only one group left (chisq 0 on 0 df: 3 samples).
describe('random small log-rank tests match R survdiff', () => {
  interface Sample {
    time: number[];
    event: boolean[];
    group: number[];
    groups: number[];
    observed: number[];
    expected: number[];
    chisq: number;
    df: number;
    p: number;
  }
  const golden = readGolden<{ tests: Sample[] }>('random-logrank');
  it.each(golden.tests.map((sample, i) => [i + 1, sample] as const))('sample %i', (_, sample) => {
    const test = logRank(
      sample.time,
      sample.event,
      sample.group.map((g) => sample.groups.indexOf(g)),
    );
    expect(test.groups.map((g) => g.observed)).toEqual(sample.observed);
    test.groups.forEach((g, i) =>
      close('random-logrank expected', g.expected, sample.expected[i] as number, 1e-8),
    );
    expect(test.df).toBe(sample.df);
    close('random-logrank chisq', test.chisq, sample.chisq, 1e-6);
    close('random-logrank p', test.p, sample.p, 1e-10);
  });
});
