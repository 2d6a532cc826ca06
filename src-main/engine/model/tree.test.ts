import { describe, expect, it } from 'vitest';
import { MISSING_BIN } from './binning';
import { addTreeOutput, TreeGrower, type SplitFeature, type TreeOptions } from './tree';

const options = (over: Partial<TreeOptions> = {}): TreeOptions => ({
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 1,
  l2Regularization: 0,
  shrinkage: 1,
  ...over,
});

/** Gradients of squared error at prediction 0 (g = −y, h = 1): leaf values are then the leaf means. */
function fitMeans(bins: number[][], y: number[], features: SplitFeature[], over: Partial<TreeOptions> = {}) {
  const n = y.length;
  const matrix = Uint8Array.from(bins.flat());
  const grower = new TreeGrower(matrix, n, features, options(over));
  const tree = grower.grow(
    Float32Array.from(y, (v) => -v),
    new Float32Array(n).fill(1),
  );
  const out = new Float64Array(n);
  addTreeOutput(tree, matrix, n, out);
  return { tree, out };
}

/** Leaf values carry sklearn's 1e-15 guard in −G/(H + λ + 1e-15). */
const expectClose = (out: Float64Array, y: number[]): void =>
  out.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, 12));

describe('TreeGrower', () => {
  it('splits a step function at the step and predicts the leaf means', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7];
    const y = [1, 1, 1, 1, 5, 5, 5, 5];
    const { tree, out } = fitMeans([x], y, [{ categorical: false, nBins: 8, hasMissing: false }], {
      maxLeafNodes: 2,
    });
    expect(tree.nodeCount).toBe(3);
    expect(tree.feature[0]).toBe(0);
    expect(tree.thresholdBin[0]).toBe(3);
    expectClose(out, y);
    expect(Array.from(tree.count)).toEqual([8, 4, 4]);
  });

  it('respects minSamplesLeaf, maxLeafNodes and maxDepth', () => {
    const x = Array.from({ length: 64 }, (_, i) => i);
    const y = x.map((v) => Math.sin(v));
    const features: SplitFeature[] = [{ categorical: false, nBins: 64, hasMissing: false }];
    const leaves = (t: { left: Int32Array }) => Array.from(t.left).filter((v) => v < 0).length;
    const a = fitMeans([x], y, features, { minSamplesLeaf: 10 });
    for (let i = 0; i < a.tree.nodeCount; i++)
      if (a.tree.left[i]! < 0) expect(a.tree.count[i]).toBeGreaterThanOrEqual(10);
    expect(leaves(fitMeans([x], y, features, { maxLeafNodes: 5 }).tree)).toBe(5);
    const deep = fitMeans([x], y, features, { maxLeafNodes: null, maxDepth: 2 }).tree;
    expect(Math.max(...deep.depth)).toBe(2);
    expect(leaves(deep)).toBe(4);
  });

  it('learns which side missing values go to', () => {
    // The best split separates bin 0 from {bin 1, missing}: the left-to-right scan (missing right) finds it.
    const x = [0, 0, 0, 1, 1, 1, MISSING_BIN, MISSING_BIN];
    const y = [9, 9, 9, 0, 0, 0, 0, 0];
    const { tree, out } = fitMeans([x], y, [{ categorical: false, nBins: 2, hasMissing: true }], {
      maxLeafNodes: 2,
    });
    expectClose(out, y);
    expect(tree.thresholdBin[0]).toBe(0);
    expect(tree.missingLeft[0]).toBe(0);
    const flipped = fitMeans(
      [x],
      [0, 0, 0, 9, 9, 9, 0, 0],
      [{ categorical: false, nBins: 2, hasMissing: true }],
      { maxLeafNodes: 2 },
    );
    // Now missing resembles bin 0: the right-to-left scan puts missing left with bin 0.
    expect(flipped.tree.missingLeft[0]).toBe(1);
    expectClose(flipped.out, [0, 0, 0, 9, 9, 9, 0, 0]);
  });

  it('sends missing values to the larger child when training had none', () => {
    const x = [0, 1, 1, 1];
    const { tree } = fitMeans([x], [5, 0, 0, 0], [{ categorical: false, nBins: 2, hasMissing: false }], {
      maxLeafNodes: 2,
    });
    expect(tree.missingLeft[0]).toBe(0); // right child has 3 rows
  });

  it('groups categories by their mean gradient (categories need hessian ≥ 10 to take part)', () => {
    // Categories 0 and 2 high, 1 and 3 low: one categorical split separates them, which no single
    // threshold on the codes could.
    const x: number[] = [];
    const y: number[] = [];
    for (let c = 0; c < 4; c++)
      for (let k = 0; k < 12; k++) {
        x.push(c);
        y.push(c % 2 === 0 ? 3 : -3);
      }
    const { tree, out } = fitMeans([x], y, [{ categorical: true, nBins: 4, hasMissing: false }], {
      maxLeafNodes: 2,
    });
    expect(tree.categorical[0]).toBe(1);
    expectClose(out, y);
  });
});
