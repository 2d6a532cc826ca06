import { describe, expect, it } from 'vitest';
import { applyBins, fitBins, MISSING_BIN, numericBin } from './binning';
import type { FeatureColumn } from './design';

describe('fitBins / applyBins', () => {
  it('uses midpoints between distinct values when there are few, and x ≤ edge goes to the lower bin', () => {
    const columns: FeatureColumn[] = [{ name: 'x', kind: 'numeric', values: [3, 1, 2, 2, null, Number.NaN] }];
    const mapper = fitBins(columns);
    const f = mapper.features[0]!;
    expect(f.kind).toBe('numeric');
    if (f.kind !== 'numeric') return;
    expect(Array.from(f.thresholds)).toEqual([1.5, 2.5]);
    expect(f.nBins).toBe(3);
    expect(f.hasMissing).toBe(true);
    expect(Array.from(applyBins(mapper, columns).bins)).toEqual([2, 0, 1, 1, MISSING_BIN, MISSING_BIN]);
    expect(numericBin(f.thresholds, 1.5)).toBe(0);
    expect(numericBin(f.thresholds, 1.5000001)).toBe(1);
  });

  it("matches sklearn 1.2's _BinMapper quantile thresholds (np.percentile, method='midpoint')", () => {
    // /usr/bin/python3: _BinMapper(n_bins=6).fit(x).bin_thresholds_ for x_i = (37 i mod 101) + (i mod 7)/10, i < 300
    const values = Array.from({ length: 300 }, (_, i) => ((i * 37) % 101) + (i % 7) / 10);
    const mapper = fitBins([{ name: 'x', kind: 'numeric', values }], { maxBins: 5 });
    const f = mapper.features[0]!;
    if (f.kind !== 'numeric') throw new Error('numeric expected');
    expect(Array.from(f.thresholds)).toEqual([19.799999999999997, 40.25, 60.15, 80.44999999999999]);
    const probe: FeatureColumn[] = [{ name: 'x', kind: 'numeric', values: [19.8, 19.79, -5, 1000, 40.25] }];
    expect(Array.from(applyBins(mapper, probe).bins)).toEqual([1, 0, 0, 4, 1]); // sklearn's transform
  });

  it('learns edges from the training rows only', () => {
    const columns: FeatureColumn[] = [{ name: 'x', kind: 'numeric', values: [0, 10, 20, 1000] }];
    const f = fitBins(columns, {}, Int32Array.from([0, 1, 2])).features[0]!;
    if (f.kind !== 'numeric') throw new Error('numeric expected');
    expect(Array.from(f.thresholds)).toEqual([5, 15]);
    expect(f.hasMissing).toBe(false);
  });

  it('bins categories in sorted order; missing and unseen categories go to the missing bin', () => {
    const train: FeatureColumn[] = [{ name: 'c', kind: 'categorical', values: ['b', 'a', 'c', 'a'] }];
    const mapper = fitBins(train);
    const f = mapper.features[0]!;
    if (f.kind !== 'categorical') throw new Error('categorical expected');
    expect(f.categories).toEqual(['a', 'b', 'c']);
    expect(f.hasMissing).toBe(false);
    const later: FeatureColumn[] = [{ name: 'c', kind: 'categorical', values: ['c', 'z', null, 'a'] }];
    expect(Array.from(applyBins(mapper, later).bins)).toEqual([2, MISSING_BIN, MISSING_BIN, 0]);
  });

  it('keeps the most frequent categories when there are more than maxBins', () => {
    const values = ['x', 'x', 'x', 'y', 'y', 'z', 'w', 'w', 'w', 'w'];
    const mapper = fitBins([{ name: 'c', kind: 'categorical', values }], { maxBins: 2 });
    const f = mapper.features[0]!;
    if (f.kind !== 'categorical') throw new Error('categorical expected');
    expect(f.categories).toEqual(['w', 'x']);
    expect(f.hasMissing).toBe(true);
  });

  it('takes numeric edges from a seeded subsample of large training sets, has-missing from all rows', () => {
    const values: Array<number | null> = Array.from({ length: 1000 }, (_, i) => i);
    values[999] = null;
    const columns: FeatureColumn[] = [{ name: 'x', kind: 'numeric', values }];
    const a = fitBins(columns, { maxBins: 4, subsample: 100, seed: 1 }).features[0]!;
    const b = fitBins(columns, { maxBins: 4, subsample: 100, seed: 1 }).features[0]!;
    const c = fitBins(columns, { maxBins: 4, subsample: 100, seed: 2 }).features[0]!;
    const full = fitBins(columns, { maxBins: 4 }).features[0]!;
    if (a.kind !== 'numeric' || c.kind !== 'numeric' || full.kind !== 'numeric')
      throw new Error('numeric expected');
    expect(b).toEqual(a);
    expect(Array.from(c.thresholds)).not.toEqual(Array.from(a.thresholds));
    expect(Array.from(full.thresholds)).toEqual([249.5, 499, 748.5]);
    expect(a.hasMissing).toBe(true);
  });

  it('rejects a column of the wrong kind at apply time', () => {
    const mapper = fitBins([{ name: 'x', kind: 'numeric', values: [1, 2] }]);
    expect(() => applyBins(mapper, [{ name: 'x', kind: 'categorical', values: ['1', '2'] }])).toThrow(
      TypeError,
    );
  });
});
