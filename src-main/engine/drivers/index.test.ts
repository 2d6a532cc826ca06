import { describe, expect, it } from 'vitest';
import { describeDriver, rankDrivers } from './index';

describe('churn drivers: per-group figures and ranking', () => {
  it('categorical: share, Wilson interval, lift vs the attribute base rate, WoE; empty groups dropped', () => {
    const driver = describeDriver({
      kind: 'categorical',
      name: 'plan',
      groups: [
        { label: 'basic', customers: 100, churned: 30 },
        { label: 'unused', customers: 0, churned: 0 },
        { label: 'pro', customers: 100, churned: 20 },
      ],
    });
    expect(driver.groups.map((group) => group.label)).toEqual(['basic', 'pro']);
    expect([driver.customers, driver.churned, driver.baseRate]).toEqual([200, 50, 0.25]);
    const basic = driver.groups[0]!;
    expect(basic.share).toBe(0.3);
    expect(basic.lift).toBeCloseTo(1.2, 14);
    expect(basic.lower).toBeLessThan(0.3);
    expect(basic.upper).toBeGreaterThan(0.3);
    // WoE = ln((30/50) / (70/150)).
    expect(basic.woe).toBeCloseTo(Math.log(0.6 / (70 / 150)), 14);
    expect(driver.chiSquare!.statistic).toBeCloseTo(8 / 3, 12);
    expect(driver.cramersV).toBeCloseTo(Math.sqrt(8 / 3 / 200), 14);
    expect(driver.mannWhitney).toBeNull();
  });

  it('numeric: nice bins, NaN counted as missing, Mann–Whitney on the raw values', () => {
    // 0…99 with churn for values ≥ 70: bins of 10, the top three bins churn entirely.
    const values = Float64Array.from({ length: 101 }, (_, i) => (i === 100 ? Number.NaN : i));
    const churned = Uint8Array.from(values, (value) => (value >= 70 ? 1 : 0));
    const driver = describeDriver({ kind: 'numeric', name: 'age', values, churned });
    expect(driver.missing).toBe(1);
    expect(driver.customers).toBe(100);
    expect(driver.groups.map((group) => group.label)).toEqual([
      '0 – 9',
      '10 – 19',
      '20 – 29',
      '30 – 39',
      '40 – 49',
      '50 – 59',
      '60 – 69',
      '70 – 79',
      '80 – 89',
      '90 – 99',
    ]);
    expect(driver.groups.map((group) => group.churned)).toEqual([0, 0, 0, 0, 0, 0, 0, 10, 10, 10]);
    // Perfect separation: W = 0 (no retained value above a churned one), AUC = 1, V = 1.
    expect(driver.mannWhitney!.w).toBe(0);
    expect(driver.mannWhitney!.auc).toBe(1);
    expect(driver.cramersV).toBeCloseTo(1, 14);
    expect(driver.groups[9]!.lift).toBeCloseTo(1 / 0.3, 12);
  });

  it('ranks by Cramér V, then IV, untestable attributes last', () => {
    const strong = { label: 'x', customers: 100, churned: 60 };
    const drivers = rankDrivers([
      { kind: 'categorical', name: 'nobody churns', groups: [{ label: 'a', customers: 9, churned: 0 }] },
      {
        kind: 'categorical',
        name: 'weak',
        groups: [
          { label: 'a', customers: 100, churned: 22 },
          { label: 'b', customers: 100, churned: 18 },
        ],
      },
      { kind: 'categorical', name: 'strong', groups: [strong, { label: 'y', customers: 100, churned: 10 }] },
    ]);
    expect(drivers.map((driver) => [driver.attribute, driver.rank])).toEqual([
      ['strong', 1],
      ['weak', 2],
      ['nobody churns', 3],
    ]);
    expect(drivers[2]!.cramersV).toBeNull();
  });

  it('breaks a tie in V by information value, then keeps input order', () => {
    // Both separate churners perfectly (V = 1 exactly); IV, with 0.5 in the empty cells, differs:
    // 10 of 10 vs 0 of 90 gives IV ≈ 7.75, 50 of 50 vs 0 of 50 gives IV ≈ 9.03.
    const separating = (name: string, churners: number, total: number) => ({
      kind: 'categorical' as const,
      name,
      groups: [
        { label: 'churners', customers: churners, churned: churners },
        { label: 'others', customers: total - churners, churned: 0 },
      ],
    });
    const drivers = rankDrivers([separating('small', 10, 100), separating('half', 50, 100)]);
    expect(drivers.map((driver) => driver.cramersV)).toEqual([1, 1]);
    expect(drivers.map((driver) => driver.attribute)).toEqual(['half', 'small']);
    expect(drivers[0]!.informationValue).toBeGreaterThan(drivers[1]!.informationValue!);
    const twin = separating('twin', 50, 100);
    expect(rankDrivers([twin, separating('half', 50, 100)]).map((driver) => driver.attribute)).toEqual([
      'twin',
      'half',
    ]);
  });

  it('rejects misaligned numeric input', () => {
    expect(() => describeDriver({ kind: 'numeric', name: 'x', values: [1, 2], churned: [1] })).toThrow();
  });
});
