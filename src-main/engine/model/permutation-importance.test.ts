import { describe, expect, it } from 'vitest';
import { applyBins } from './binning';
import type { FeatureColumn } from './design';
import { fitGbt, predictGbtRawBinned } from './gbt';
import { mulberry32 } from './gbt-random';
import { rocAuc } from './metrics';
import { gbtPermutationImportance, permutationImportance } from './permutation-importance';

function data(n: number, seed: number): { columns: FeatureColumn[]; y: number[] } {
  const random = mulberry32(seed);
  const signal = Array.from({ length: n }, () => random());
  const weak = Array.from({ length: n }, () => random());
  const noise = Array.from({ length: n }, () => random());
  const y = signal.map((s, i) => (random() < 0.1 + 0.7 * s + 0.1 * weak[i]! ? 1 : 0));
  return {
    columns: [
      { name: 'signal', kind: 'numeric', values: signal },
      { name: 'weak', kind: 'numeric', values: weak },
      { name: 'noise', kind: 'categorical', values: noise.map((v) => (v < 0.5 ? 'a' : 'b')) },
    ],
    y,
  };
}

describe('permutation importance', () => {
  const { columns, y } = data(1500, 3);
  const model = fitGbt(columns, y, { maxIter: 20, earlyStopping: false });
  const binned = applyBins(model.mapper, columns);

  it('is reproducible for a seed and changes with the seed', () => {
    const a = gbtPermutationImportance(model, binned, y, { seed: 42 });
    const b = gbtPermutationImportance(model, binned, y, { seed: 42 });
    const c = gbtPermutationImportance(model, binned, y, { seed: 43 });
    expect(b).toEqual(a);
    expect(c.features.map((f) => f.repeats)).not.toEqual(a.features.map((f) => f.repeats));
    expect(a.features[0]!.repeats).toHaveLength(5);
  });

  it('re-running only the trees that use a feature gives the full prediction’s scores', () => {
    const fast = gbtPermutationImportance(model, binned, y, { seed: 9, nRepeats: 2 });
    const slow = permutationImportance(binned, (m) => rocAuc(y, predictGbtRawBinned(model, m)), {
      seed: 9,
      nRepeats: 2,
    });
    fast.features.forEach((f, j) =>
      f.repeats.forEach((v, r) => expect(v).toBeCloseTo(slow.features[j]!.repeats[r]!, 12)),
    );
  });

  it('ranks the informative feature first, for AUC and for log-loss', () => {
    for (const metric of ['auc', 'logLoss'] as const) {
      const r = gbtPermutationImportance(model, binned, y, { metric, nRepeats: 3 });
      expect(r.features[0]!.mean).toBeGreaterThan(r.features[1]!.mean);
      expect(r.features[0]!.mean).toBeGreaterThan(r.features[2]!.mean);
      expect(r.features[0]!.mean).toBeGreaterThan(0.05);
    }
  });

  it('leaves the caller’s matrix untouched and reports mean and population SD of the repeats', () => {
    const before = binned.bins.slice();
    const r = permutationImportance(binned, (m) => m.bins[0]! + m.bins[binned.n]!, { nRepeats: 4, seed: 1 });
    expect(binned.bins).toEqual(before);
    for (const f of r.features) {
      const mean = f.repeats.reduce((s, v) => s + v, 0) / 4;
      expect(f.mean).toBeCloseTo(mean, 12);
      expect(f.sd).toBeCloseTo(Math.sqrt(f.repeats.reduce((s, v) => s + (v - mean) ** 2, 0) / 4), 12);
    }
    expect(r.features[2]!.repeats).toEqual([0, 0, 0, 0]); // the score never reads column 2
  });
});
