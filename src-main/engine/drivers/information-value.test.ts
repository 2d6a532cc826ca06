import { describe, expect, it } from 'vitest';
import { informationValue } from './information-value';

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));

describe('weight of evidence and information value', () => {
  it('adds 0.5 to an empty cell only (R: yes <- c(0.5, 5, 15); no <- c(10, 5, 5))', () => {
    const result = informationValue([
      { label: 'A', customers: 10, churned: 0 },
      { label: 'B', customers: 10, churned: 5 },
      { label: 'C', customers: 20, churned: 15 },
    ])!;
    // R: woe <- log((yes / sum(yes)) / (no / sum(no))); sum((yes / sum(yes) - no / sum(no)) * woe)
    close(result.groups[0]!.woe, -3.0204248861443626);
    close(result.groups[1]!.woe, -0.024692612590371522);
    close(result.groups[2]!.woe, 1.0739196760777381);
    close(result.informationValue, 1.9540090740365363);
  });

  it('by hand without empty cells: shares 3/5, 2/5 churned vs 1/5, 4/5 retained', () => {
    const result = informationValue([
      { label: 'a', customers: 4, churned: 3 },
      { label: 'b', customers: 6, churned: 2 },
    ])!;
    close(result.groups[0]!.woe, Math.log(3));
    close(result.groups[1]!.woe, Math.log(0.5));
    close(result.informationValue, 0.4 * Math.log(3) + -0.4 * Math.log(0.5));
  });

  it('is zero when every group churns alike and undefined without churners', () => {
    const same = informationValue([
      { label: 'a', customers: 10, churned: 2 },
      { label: 'b', customers: 20, churned: 4 },
    ])!;
    expect(Math.abs(same.informationValue)).toBeLessThan(1e-15);
    expect(informationValue([{ label: 'a', customers: 10, churned: 0 }])).toBeNull();
  });
});
