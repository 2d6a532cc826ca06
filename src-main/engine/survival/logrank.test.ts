import { describe, expect, it } from 'vitest';
import { logRank } from './logrank';

// Eight rows, three groups. R 4 / survival 3.5.3:
//   survdiff(Surv(c(1,2,2,3,4,5,6,7), c(1,1,0,1,0,1,1,0)) ~ c(1,1,1,2,2,2,3,3))
//   obs 2 2 1; exp 0.660714285714286 1.736904761904762 2.602380952380952; chisq 5.54280295357873 on 2 df,
//   p 0.0625742469065809.
describe('logRank', () => {
  const time = [1, 2, 2, 3, 4, 5, 6, 7];
  const event = [1, 1, 0, 1, 0, 1, 1, 0];
  const group = [0, 0, 0, 1, 1, 1, 2, 2];

  it('three groups as R survdiff', () => {
    const test = logRank(time, event, group);
    expect(test.groups.map((g) => [g.group, g.n, g.observed])).toEqual([
      [0, 3, 2],
      [1, 3, 2],
      [2, 2, 1],
    ]);
    [0.660714285714286, 1.736904761904762, 2.602380952380952].forEach((e, i) =>
      expect(test.groups[i]?.expected).toBeCloseTo(e, 14),
    );
    expect(test.chisq).toBeCloseTo(5.54280295357873, 13);
    expect(test.df).toBe(2);
    expect(test.p).toBeCloseTo(0.0625742469065809, 14);
  });

  it('expected events sum to observed events', () => {
    const test = logRank(time, event, group);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(test.groups.map((g) => g.expected))).toBeCloseTo(sum(test.groups.map((g) => g.observed)), 12);
  });

  it('two groups: R p 0.3173105 (chisq 1)', () => {
    const test = logRank([1, 2, 3, 4], [1, 0, 1, 0], [0, 0, 1, 1]);
    expect(test.df).toBe(1);
    expect(test.p).toBeCloseTo(0.3173105, 7);
  });

  it('a group code with no rows is left out of the test, as survdiff leaves out groups with no expected events', () => {
    const test = logRank(
      time,
      event,
      group.map((g) => (g === 2 ? 3 : g)),
    );
    expect(test.groups[2]).toEqual({ group: 2, n: 0, observed: 0, expected: 0 });
    expect(test.df).toBe(2);
    expect(test.chisq).toBeCloseTo(5.54280295357873, 13);
  });

  it('no events: chisq 0 on 0 df, p 1', () => {
    expect(logRank([1, 2, 3], [0, 0, 0], [0, 1, 1])).toMatchObject({ chisq: 0, df: 0, p: 1 });
  });

  it('rejects bad input', () => {
    expect(() => logRank([1, 2], [1, 1], [0])).toThrow(RangeError);
    expect(() => logRank([1, 2], [1, 1], [0, 1.5])).toThrow(RangeError);
    expect(() => logRank([1, 2], [1, 1], [0, 2], 2)).toThrow(RangeError);
  });

  it('1,000,000 rows in 10 groups well under a second', () => {
    const random = mulberry32(7);
    const n = 1_000_000;
    const times = new Float64Array(n);
    const events = new Uint8Array(n);
    const groups = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      groups[i] = i % 10;
      times[i] = random() * 1000 * (1 + groups[i]! / 10); // every time distinct: the worst case
      events[i] = random() < 0.4 ? 1 : 0;
    }
    // Best of two runs (the first warms the JIT; a shared CI machine adds noise).
    let elapsed = Infinity;
    let test = logRank([], [], []);
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      test = logRank(times, events, groups);
      elapsed = Math.min(elapsed, performance.now() - started);
    }
    expect(test.df).toBe(9);
    expect(test.chisq).toBeGreaterThan(100);
    expect(elapsed).toBeLessThan(1000);
  });
});

/** A small seeded generator (mulberry32), so the timing test sees the same data every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
