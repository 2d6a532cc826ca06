import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeDriver,
  rankDrivers,
  type Driver,
  type DriverAttribute,
} from '../../../src-main/engine/drivers';
import { telcoCsv } from '../../support/datasets';

// Reference: tests/golden/drivers/drivers.R (base R 4.2 + jsonlite, 15 significant digits) on the same
// file. Counts must match exactly; every other number to 1e-9 relative (p-values: 1e-9 relative or
// 1e-300 absolute, for p-values below what a double near 1e-300 can still resolve).

interface GoldenGroup {
  label: string;
  customers: number;
  churned: number;
  share: number;
  lower: number;
  upper: number;
}
interface GoldenAssociation {
  groups: GoldenGroup[];
  chisq: { statistic: number; df: number; p: number; min_expected: number; warning: boolean };
  cramers_v: number;
  iv: number;
  woe: Record<string, number>;
}
interface GoldenNumeric extends GoldenAssociation {
  missing: number;
  customers: number;
  churned: number;
  wilcox: { W: number; p: number };
}
const golden = JSON.parse(readFileSync(resolve('tests/golden/drivers/telco-drivers.json'), 'utf8')) as {
  customers: number;
  churned: number;
  categorical: Record<string, GoldenAssociation>;
  numeric: Record<string, GoldenNumeric>;
};

// The sample is plain CSV: 21 fields, no commas inside quotes, "NA" for the 11 missing TotalCharges.
const [header, ...rows] = readFileSync(telcoCsv, 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((line) => line.split(',').map((field) => field.replace(/^"|"$/g, '')));
const column = (name: string) => {
  const index = header!.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return rows.map((row) => row[index] as string);
};
const churned = column('Churn').map((value) => value === 'Yes');

function categorical(name: string): DriverAttribute {
  const counts = new Map<string, { customers: number; churned: number }>();
  column(name).forEach((label, i) => {
    const entry = counts.get(label) ?? { customers: 0, churned: 0 };
    entry.customers++;
    if (churned[i]) entry.churned++;
    counts.set(label, entry);
  });
  return { kind: 'categorical', name, groups: [...counts].map(([label, count]) => ({ label, ...count })) };
}

function numeric(name: string): DriverAttribute {
  const values = Float64Array.from(column(name), (value) => (value === 'NA' ? Number.NaN : Number(value)));
  return { kind: 'numeric', name, values, churned: Uint8Array.from(churned, Number) };
}

function close(actual: number, expected: number, what: string) {
  const ok = Math.abs(actual - expected) <= 1e-9 * Math.abs(expected);
  expect(ok, `${what}: ${actual} vs R ${expected}`).toBe(true);
}
function closeP(actual: number, expected: number, what: string) {
  const ok = Math.abs(actual - expected) <= Math.max(1e-9 * Math.abs(expected), 1e-300);
  expect(ok, `${what}: ${actual} vs R ${expected}`).toBe(true);
}

function compareAssociation(driver: Driver, reference: GoldenAssociation) {
  const name = driver.attribute;
  expect(driver.groups.map((group) => group.label).sort()).toEqual(
    reference.groups.map((group) => group.label).sort(),
  );
  for (const expected of reference.groups) {
    const group = driver.groups.find((candidate) => candidate.label === expected.label)!;
    expect([group.customers, group.churned]).toEqual([expected.customers, expected.churned]);
    close(group.share, expected.share, `${name} ${expected.label} share`);
    close(group.lower, expected.lower, `${name} ${expected.label} Wilson lower`);
    close(group.upper, expected.upper, `${name} ${expected.label} Wilson upper`);
    close(group.woe, reference.woe[expected.label]!, `${name} ${expected.label} WoE`);
  }
  const chiSquare = driver.chiSquare!;
  close(chiSquare.statistic, reference.chisq.statistic, `${name} X²`);
  expect(chiSquare.df).toBe(reference.chisq.df);
  closeP(chiSquare.p, reference.chisq.p, `${name} chi-square p`);
  close(chiSquare.minExpected, reference.chisq.min_expected, `${name} min expected`);
  expect(chiSquare.approximationWarning).toBe(reference.chisq.warning);
  close(driver.cramersV!, reference.cramers_v, `${name} Cramér's V`);
  close(driver.informationValue!, reference.iv, `${name} IV`);
}

describe('churn drivers on telco against R', () => {
  it.each(Object.keys(golden.categorical))('%s: Wilson intervals, chisq.test, Cramér V, IV', (name) => {
    const driver = describeDriver(categorical(name));
    expect([driver.customers, driver.churned]).toEqual([golden.customers, golden.churned]);
    compareAssociation(driver, golden.categorical[name]!);
  });

  it.each(Object.keys(golden.numeric))('%s: wilcox.test, binned chisq.test, Wilson intervals, IV', (name) => {
    const reference = golden.numeric[name]!;
    const driver = describeDriver(numeric(name));
    expect([driver.missing, driver.customers, driver.churned]).toEqual([
      reference.missing,
      reference.customers,
      reference.churned,
    ]);
    // Bins in ascending order, exactly as R labelled them.
    expect(driver.groups.map((group) => group.label)).toEqual(reference.groups.map((group) => group.label));
    compareAssociation(driver, reference);
    expect(driver.mannWhitney!.w).toBe(reference.wilcox.W);
    closeP(driver.mannWhitney!.p, reference.wilcox.p, `${name} wilcox p`);
  });

  it('TotalCharges: the 11 NA values are dropped and counted', () => {
    expect(golden.numeric.TotalCharges!.missing).toBe(11);
  });

  it('ranks by Cramér V of the (binned) table', () => {
    const drivers = rankDrivers([
      ...Object.keys(golden.categorical).map(categorical),
      ...Object.keys(golden.numeric).map(numeric),
    ]);
    const expectedOrder = [
      ...Object.entries(golden.categorical).map(([name, g]) => [name, g.cramers_v] as const),
      ...Object.entries(golden.numeric).map(([name, g]) => [name, g.cramers_v] as const),
    ]
      .sort((a, b) => b[1] - a[1])
      .map(([name]) => name);
    expect(drivers.map((driver) => driver.attribute)).toEqual(expectedOrder);
    expect(drivers.map((driver) => driver.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
