import { describe, expect, it } from 'vitest';
import { kaplanMeier, medianTime } from './km';

// Six rows readable by eye: events at 1, 2, 3, 5; censored at 2 and 4.
//   t=1: 6 at risk, 1 event  → S = 5/6,            Greenwood Σ = 1/(6·5)             → se = √(1/30)
//   t=2: 5 at risk, 1 event, 1 censored → S = 2/3,  Σ = 1/30 + 1/(5·4) = 1/12          → se = √(1/12)
//   t=3: 3 at risk, 1 event  → S = 4/9,            Σ = 1/12 + 1/(3·2) = 1/4            → se = 1/2
//   t=4: 2 at risk, 1 censored → S = 4/9
//   t=5: 1 at risk, 1 event  → S = 0, se = ∞ (R: Inf), CI NA (NaN for plain)
// Limits below: R 4 / survival 3.5.3, survfit(Surv(t, e) ~ 1, conf.type = …), printed to 15 digits.
const time = [1, 2, 2, 3, 4, 5];
const event = [true, true, false, true, false, true];

describe('kaplanMeier on six rows', () => {
  const fit = kaplanMeier(time, event, { conf: 'log' });

  it('counts, survival and Greenwood standard errors by hand', () => {
    expect(fit.n).toBe(6);
    expect(fit.events).toBe(4);
    expect(fit.points.map((p) => [p.time, p.atRisk, p.events, p.censored])).toEqual([
      [1, 6, 1, 0],
      [2, 5, 1, 1],
      [3, 3, 1, 0],
      [4, 2, 0, 1],
      [5, 1, 1, 0],
    ]);
    const expected = [5 / 6, 2 / 3, 4 / 9, 4 / 9, 0];
    fit.points.forEach((p, i) => expect(p.survival).toBeCloseTo(expected[i] as number, 15));
    const se = [Math.sqrt(1 / 30), Math.sqrt(1 / 12), 0.5, 0.5];
    se.forEach((s, i) => expect(fit.points[i]?.stdErr).toBeCloseTo(s, 15));
    expect(fit.points[4]?.stdErr).toBe(Infinity);
  });

  it('log, log-log and plain limits as R', () => {
    const limits = (conf: 'log' | 'log-log' | 'plain', level?: number) =>
      kaplanMeier(time, event, { conf, level }).points.map((p) => [p.lower, p.upper]);
    const expectLimits = (actual: (number | null)[][], expected: (number | null)[][]) =>
      expected.forEach((pair, i) =>
        pair.forEach((value, j) => {
          if (value === null) expect(actual[i]?.[j]).toBeNull();
          else expect(Math.abs((actual[i]?.[j] as number) - value)).toBeLessThan(1e-14);
        }),
      );
    expectLimits(limits('log'), [
      [0.58265479547714, 1],
      [0.378606460887095, 1],
      [0.166807936628079, 1],
      [0.166807936628079, 1],
      [null, null],
    ]);
    expectLimits(limits('log-log'), [
      [0.273122849928356, 0.974712426690894],
      [0.1946166368062349, 0.904434164322516],
      [0.0661867531464125, 0.784908367147959],
      [0.0661867531464125, 0.784908367147959],
      [null, null],
    ]);
    expectLimits(limits('plain'), [
      [0.5351343093804739, 1],
      [0.2894714219746095, 1],
      [0.00889689232443253, 0.879991996564456],
      [0.00889689232443253, 0.879991996564456],
      [null, null],
    ]);
    expectLimits(limits('log', 0.9), [
      [0.617158519345358, 1],
      [0.414661211386853, 1],
      [0.19527293552333, 1],
      [0.19527293552333, 1],
      [null, null],
    ]);
  });

  it('median and its CI (R quantile: 3, lower 2, upper NA; log-log lower 1)', () => {
    expect(fit.median).toEqual({ value: 3, lower: 2, upper: null });
    expect(kaplanMeier(time, event, { conf: 'log-log' }).median).toEqual({ value: 3, lower: 1, upper: null });
  });

  it('survival at times: 1 before the first time, right-continuous, flat after the last', () => {
    const expected = [1, 1, 1, 5 / 6, 2 / 3, 2 / 3, 4 / 9, 0, 0];
    fit
      .survivalAt([-1, 0, 0.999, 1, 2, 2.5, 4, 5, 100])
      .forEach((s, i) => expect(s).toBeCloseTo(expected[i] as number, 15));
    expect(fit.survivalAt([Number.NaN])).toEqual([Number.NaN]);
  });

  it('restricted mean as R summary(fit, rmean = tau)', () => {
    // R: rmean 2.94444444444444, se 0.46976484792466 at tau 4; 3.388888888888889, 0.665508252817275
    // at tau 10; 2.16666666666667, 0.22566773346211 at 2.5. By hand at 4: 1 + 5/6 + 2/3 + 4/9 = 2.9444….
    const cases = [
      [4, 2.94444444444444, 0.46976484792466],
      [10, 3.388888888888889, 0.665508252817275],
      [2.5, 2.16666666666667, 0.22566773346211],
    ] as const;
    for (const [tau, value, se] of cases) {
      const rmst = fit.rmst(tau);
      expect(rmst.value).toBeCloseTo(value, 13);
      expect(rmst.stdErr).toBeCloseTo(se, 13);
    }
    // Before the first time the curve is 1: the area is tau.
    expect(fit.rmst(0.5)).toEqual({ tau: 0.5, value: 0.5, stdErr: 0 });
    expect(() => fit.rmst(-1)).toThrow(RangeError);
  });
});

describe('median where the curve sits exactly at one half (R quantile.survfit)', () => {
  it('mid-point of the flat stretch: events at 1, 2, 3, 4 → S = ½ on [2, 3) → 2.5', () => {
    // R: quantile 2.5, lower 1, upper NA (log).
    expect(kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1], { conf: 'log' }).median).toEqual({
      value: 2.5,
      lower: 1,
      upper: null,
    });
  });

  it('flat at one half until the end: (first time at ½ + last time) / 2 = (2 + 4) / 2', () => {
    // R: quantile 3 (print() says 2: survmean's rule differs here; we follow quantile.survfit).
    expect(kaplanMeier([1, 2, 3, 4], [1, 1, 0, 0], { conf: 'plain' }).median).toEqual({
      value: 3,
      lower: 1,
      upper: null,
    });
  });

  it('never reaching one half: null', () => {
    expect(kaplanMeier([1, 2, 3, 4], [1, 0, 0, 0], { conf: 'log' }).median.value).toBeNull();
  });
});

describe('medianTime on curves that go up and down (confidence limits can)', () => {
  // R: survival:::findq(c(0, t), c(0, 1 - s), 0.5, sqrt(.Machine$double.eps)) — NA for NA.
  const cases: [number[], number[], number | null][] = [
    [[1, 2, 3, 4, 5], [0.7, 0.5, 0.6, 0.5, 0.5], null], // last new value 0.6, not ½: no x2
    [[1, 2, 3, 4, 5], [0.7, 0.5, 0.6, 0.5, 0.4], 3.5], // x2 = the time of the lowest value below ½
    [[1, 2, 3, 4], [0.7, 0.5, 0.6, 0.5], null],
    [[1, 2, 3, 4, 5], [0.7, 0.5, Number.NaN, 0.5, 0.5], null], // NA is the last new value
    [[1, 2, 3, 4], [Number.NaN, 0.5, 0.6, 0.4], 3],
    [[1, 2, 3, 4], [0.8, 0.6, 0.7, 0.6], null],
    [[1, 2, 3], [0.5, 0.5, 0.5], 2], // flat at ½ to the end: (1 + 3) / 2
  ];
  it.each(cases)('times %j, curve %j → %s', (time, curve, expected) => {
    expect(medianTime(Float64Array.from(time), Float64Array.from(curve))).toBe(expected);
  });
});

describe('kaplanMeier inputs', () => {
  it('durations of 0 make a point at time 0, as R (telco: 11 customers with tenure 0, censored)', () => {
    const fit = kaplanMeier(new Float64Array([0, 0, 1, 2]), new Uint8Array([0, 1, 1, 0]), { conf: 'log' });
    expect(fit.points[0]).toMatchObject({ time: 0, atRisk: 4, events: 1, censored: 1, survival: 0.75 });
    expect(fit.survivalAt([0])).toEqual([0.75]);
  });

  it('empty input: no points, no median, rmst = tau', () => {
    const fit = kaplanMeier([], [], { conf: 'log' });
    expect(fit.points).toEqual([]);
    expect(fit.median).toEqual({ value: null, lower: null, upper: null });
    expect(fit.survivalAt([3])).toEqual([1]);
    expect(fit.rmst(3).value).toBe(3);
  });

  it('rejects bad input', () => {
    expect(() => kaplanMeier([1, 2], [1], { conf: 'log' })).toThrow(RangeError);
    expect(() => kaplanMeier([1, Number.NaN], [1, 1], { conf: 'log' })).toThrow(/row 1/);
    expect(() => kaplanMeier([-1], [1], { conf: 'log' })).toThrow(RangeError);
    expect(() => kaplanMeier([1], [1], { conf: 'log', level: 1 })).toThrow(RangeError);
  });
});
