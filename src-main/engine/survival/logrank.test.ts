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
});
