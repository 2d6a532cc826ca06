import { describe, expect, it } from 'vitest';
import { quintileScores, rfm, type RfmInput } from './rfm';

// Five customers worked by hand, as of day 100 (n = 5: position i of 0..4 in sorted order scores
// max(1, ⌈5i/4⌉) = 1, 2, 3, 4, 5 — pandas' qcut edges 1, 1.8, 2.6, 3.4, 4.2, 5 give the same):
//   A: days 100, 90, 90 (two orders on day 90 are one purchase), spend 10+20+30 → R 0 d, F 2, M 60
//   B: day 50, spend 5                                                         → R 50 d, F 1, M 5
//   C: days 95, 80, 60, spend 10 each                                          → R 5 d, F 3, M 30
//   D: day 10, spend 100                                                       → R 90 d, F 1, M 100
//   E: day 99, spend 1; day 120 (after the as-of day, ignored)                 → R 1 d, F 1, M 1
// Last day 10 D < 50 B < 95 C < 99 E < 100 A → r D1 B2 C3 E4 A5.
// Frequency 1 B D E (a tie: all share the first position's score 1), 2 A at position 3 → 4, 3 C → 5.
// Spend 1 E < 5 B < 30 C < 60 A < 100 D → m E1 B2 C3 A4 D5.
const log: RfmInput = {
  customer: ['A', 'B', 'A', 'C', 'D', 'E', 'C', 'A', 'C', 'E'],
  day: [100, 50, 90, 95, 10, 99, 80, 90, 60, 120],
  amount: [10, 5, 20, 10, 100, 1, 10, 30, 10, 1000],
};

const expected = [
  { customer: 'A', recencyDays: 0, frequency: 2, monetary: 60, r: 5, f: 4, m: 4, segment: 'Champions' },
  { customer: 'B', recencyDays: 50, frequency: 1, monetary: 5, r: 2, f: 1, m: 2, segment: 'Hibernating' },
  { customer: 'C', recencyDays: 5, frequency: 3, monetary: 30, r: 3, f: 5, m: 3, segment: 'Loyal' },
  { customer: 'D', recencyDays: 90, frequency: 1, monetary: 100, r: 1, f: 1, m: 5, segment: 'Lost' },
  { customer: 'E', recencyDays: 1, frequency: 1, monetary: 1, r: 4, f: 1, m: 1, segment: 'Promising' },
];

describe('rfm', () => {
  it('computes recency, distinct-day frequency, total spend, scores and segments by hand', () => {
    const result = rfm(log, 100);
    expect(result.asOfDay).toBe(100);
    expect(result.ignoredAfterAsOf).toBe(1);
    expect(result.customers).toEqual(expected);
  });

  it('does not depend on the row order', () => {
    const order = [9, 3, 0, 7, 1, 5, 8, 2, 6, 4];
    const shuffled: RfmInput = {
      customer: order.map((i) => log.customer[i]!),
      day: Int32Array.from(order, (i) => log.day[i]!),
      amount: Float64Array.from(order, (i) => log.amount[i]!),
    };
    expect(rfm(shuffled, 100).customers).toEqual(expected);
  });

  it('leaves out customers whose purchases are all after the as-of day', () => {
    const result = rfm(log, 49);
    expect(result.customers.map((c) => c.customer)).toEqual(['D']);
    expect(result.ignoredAfterAsOf).toBe(9);
    expect(result.customers[0]).toMatchObject({ recencyDays: 39, r: 3, f: 3, m: 3 });
  });

  it('rejects columns of different lengths and non-numbers', () => {
    expect(() => rfm({ customer: ['a'], day: [1, 2], amount: [1] }, 5)).toThrow(/differ in length/);
    expect(() => rfm({ customer: ['a'], day: [1.5], amount: [1] }, 5)).toThrow(/whole day/);
    expect(() => rfm({ customer: ['a'], day: [1], amount: [NaN] }, 5)).toThrow(/not a number/);
  });
});

describe('quintileScores', () => {
  it('cuts distinct values into 5 equal groups as pandas qcut(rank(first), 5) does', () => {
    // n = 10: edges 1, 2.8, 4.6, 6.4, 8.2, 10 → positions 1–2, 3–4, 5–6, 7–8, 9–10.
    const values = Float64Array.from([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(Array.from(quintileScores(values))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // n = 6: edges 1, 2, 3, 4, 5, 6 (right-closed) → positions 1–2, 3, 4, 5, 6.
    expect(Array.from(quintileScores(Float64Array.from([1, 2, 3, 4, 5, 6])))).toEqual([1, 1, 2, 3, 4, 5]);
  });

  it('gives tied values the score of the first of them', () => {
    // Positions 1..7 → groups of n = 7: ⌈5(p−1)/6⌉−1 → 0,0,1,2,3,4,4; the three 2s start at position 2.
    const values = Float64Array.from([1, 2, 2, 2, 3, 4, 5]);
    expect(Array.from(quintileScores(values))).toEqual([1, 1, 1, 1, 4, 5, 5]);
  });
});

describe('rfm customer order', () => {
  it('lists digit-string ids in text order, as a string sort does ("10" < "9", prefixes first, leading zeros)', () => {
    // Shuffled digit ids of 1–15 characters, prefixes of each other and with leading zeros.
    const ids = [
      '9',
      '10',
      '100',
      '7',
      '70',
      '07',
      '0',
      '00',
      '123456789012345',
      '123456789012344',
      '99',
      '1',
    ];
    const random = (
      (seed) => () =>
        (seed = (seed * 16807) % 2147483647) / 2147483647
    )(5);
    for (let i = 0; i < 200; i++) ids.push(String(Math.floor(random() * 10 ** (1 + (i % 12)))));
    const shuffled = [...new Set(ids)].sort(() => random() - 0.5);
    const result = rfm({ customer: shuffled, day: shuffled.map(() => 1), amount: shuffled.map(() => 1) }, 1);
    expect(result.customers.map((c) => c.customer)).toEqual([...shuffled].sort());
  });

  it('falls back to the string sort when an id is not all digits or longer than 15', () => {
    const ids = ['12', '1234567890123456', '3', '2a', '11'];
    const result = rfm({ customer: ids, day: ids.map(() => 1), amount: ids.map(() => 1) }, 1);
    expect(result.customers.map((c) => c.customer)).toEqual([...ids].sort());
  });
});
