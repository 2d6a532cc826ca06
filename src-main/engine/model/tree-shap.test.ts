import { describe, expect, it } from 'vitest';
import { applyBins, MISSING_BIN } from './binning';
import type { FeatureColumn } from './design';
import { fitGbt, predictGbtRawBinned } from './gbt';
import { mulberry32 } from './gbt-random';
import { goesLeft, type Tree } from './tree';
import { gbtShap, meanAbsoluteShap, pathBufferFor, treeExpectedValue, treeShapRow } from './tree-shap';
import { fastTreeShapRow, rowDecisions, treeShapTables } from './tree-shap-fast';

type Spec =
  | { value: number; count: number }
  | {
      feature: number;
      bin: number;
      missingLeft?: boolean;
      leftCategories?: number[];
      left: Spec;
      right: Spec;
    };

/** Flattens a nested spec into the Tree arrays (pre-order); internal counts are their children's sums. */
function buildTree(spec: Spec): Tree {
  const nodes: Array<{ spec: Spec; depth: number; left: number; right: number; count: number }> = [];
  const visit = (s: Spec, depth: number): number => {
    const id = nodes.length;
    nodes.push({ spec: s, depth, left: -1, right: -1, count: 0 });
    if ('value' in s) nodes[id]!.count = s.count;
    else {
      const l = visit(s.left, depth + 1);
      const r = visit(s.right, depth + 1);
      Object.assign(nodes[id]!, { left: l, right: r, count: nodes[l]!.count + nodes[r]!.count });
    }
    return id;
  };
  visit(spec, 0);
  const m = nodes.length;
  const tree: Tree = {
    nodeCount: m,
    feature: new Int32Array(m).fill(-1),
    thresholdBin: new Uint8Array(m),
    missingLeft: new Uint8Array(m),
    categorical: new Uint8Array(m),
    leftBins: new Uint32Array(m * 8),
    left: new Int32Array(m).fill(-1),
    right: new Int32Array(m).fill(-1),
    value: new Float64Array(m),
    count: new Float64Array(m),
    gain: new Float64Array(m),
    depth: new Int32Array(m),
  };
  nodes.forEach((node, i) => {
    tree.count[i] = node.count;
    tree.depth[i] = node.depth;
    const s = node.spec;
    if ('value' in s) {
      tree.value[i] = s.value;
      return;
    }
    tree.feature[i] = s.feature;
    tree.thresholdBin[i] = s.bin;
    tree.missingLeft[i] = s.missingLeft ? 1 : 0;
    tree.left[i] = node.left;
    tree.right[i] = node.right;
    if (s.leftCategories) {
      tree.categorical[i] = 1;
      for (const b of s.leftCategories)
        tree.leftBins[i * 8 + (b >>> 5)] = tree.leftBins[i * 8 + (b >>> 5)]! | (1 << (b & 31));
    }
  });
  return tree;
}

/** E[f(x) | x_S] under the path-dependent distribution: follow x on S, average children by cover elsewhere. */
function conditional(tree: Tree, x: number[], inS: boolean[], node = 0): number {
  if (tree.left[node]! < 0) return tree.value[node]!;
  const f = tree.feature[node]!;
  const l = tree.left[node]!;
  const r = tree.right[node]!;
  if (inS[f]) return conditional(tree, x, inS, goesLeft(tree, node, x[f]!) ? l : r);
  return (
    (tree.count[l]! * conditional(tree, x, inS, l) + tree.count[r]! * conditional(tree, x, inS, r)) /
    tree.count[node]!
  );
}

/** Shapley values by the definition: Σ over subsets S ∌ j of |S|!(M−|S|−1)!/M! · (v(S ∪ j) − v(S)). */
function bruteForceShap(tree: Tree, x: number[], m: number): number[] {
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(m).fill(0);
  for (let j = 0; j < m; j++)
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << j)) continue;
      const inS = Array.from({ length: m }, (_, k) => (mask & (1 << k)) !== 0);
      const size = inS.filter(Boolean).length;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      const without = conditional(tree, x, inS);
      inS[j] = true;
      phi[j] = phi[j]! + weight * (conditional(tree, x, inS) - without);
    }
  return phi;
}

function shapOf(tree: Tree, x: number[], m: number): Float64Array {
  const phi = new Float64Array(m);
  treeShapRow(tree, (f) => x[f]!, phi, pathBufferFor(Math.max(...tree.depth)));
  return phi;
}

/** The leaf-table method (tree-shap-fast.ts) for one row. */
function fastShapOf(tree: Tree, x: number[], m: number, rows = 1): Float64Array {
  const phi = new Float64Array(m);
  const decisions = new Uint8Array(tree.nodeCount);
  rowDecisions(tree, (f) => x[f]!, decisions);
  fastTreeShapRow(treeShapTables(tree, rows)!, decisions, phi);
  return phi;
}

// Feature 0 is split twice on one path (exercises unwind_path), feature 2 is categorical with a
// missing direction, feature 3 never appears (its contribution must be 0).
const handMade: Spec = {
  feature: 0,
  bin: 4,
  left: {
    feature: 1,
    bin: 2,
    missingLeft: true,
    left: { feature: 0, bin: 1, left: { value: 0.7, count: 13 }, right: { value: -0.2, count: 29 } },
    right: {
      feature: 2,
      bin: 0,
      leftCategories: [0, 3, MISSING_BIN],
      missingLeft: true,
      left: { value: 1.3, count: 11 },
      right: { feature: 1, bin: 5, left: { value: 0.05, count: 7 }, right: { value: -0.9, count: 17 } },
    },
  },
  right: {
    feature: 2,
    bin: 0,
    leftCategories: [1],
    left: { feature: 0, bin: 8, left: { value: 2.1, count: 19 }, right: { value: 0.4, count: 23 } },
    right: { value: -1.1, count: 31 },
  },
};

describe('TreeSHAP (path-dependent)', () => {
  const tree = buildTree(handMade);
  const rows: number[][] = [];
  for (const a of [0, 3, 6, 9, MISSING_BIN])
    for (const b of [1, 4, 7, MISSING_BIN])
      for (const c of [0, 1, 2, 3, MISSING_BIN]) rows.push([a, b, c, 2]);

  it('matches the Shapley definition by brute force over all feature subsets to 1e-12', () => {
    let worst = 0;
    for (const x of rows) {
      const fast = shapOf(tree, x, 4);
      const tables = fastShapOf(tree, x, 4);
      const slow = bruteForceShap(tree, x, 4);
      for (let j = 0; j < 4; j++)
        worst = Math.max(worst, Math.abs(fast[j]! - slow[j]!), Math.abs(tables[j]! - slow[j]!));
      expect(fast[3]).toBe(0);
      expect(tables[3]).toBe(0);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('leaf tables and the polynomial fallback (> 10 features on a path) match brute force too', () => {
    // A chain of 12 splits on 12 distinct features, each peeling off a leaf to the right.
    const chain = (depth: number): Spec =>
      depth === 12
        ? { value: 0.5, count: 9 }
        : {
            feature: depth,
            bin: 3,
            left: chain(depth + 1),
            right: { value: depth / 7 - 0.8, count: 5 + depth },
          };
    const deep = buildTree(chain(0));
    const random = mulberry32(3);
    let worst = 0;
    for (let r = 0; r < 8; r++) {
      const x = Array.from({ length: 12 }, () => (random() < 0.5 ? 1 : 6));
      const slow = bruteForceShap(deep, x, 12);
      const viaPolynomial = fastShapOf(deep, x, 12); // one row: M > 10 takes the polynomial route
      const viaTables = fastShapOf(deep, x, 12, 10_000); // many rows: tables up to M = 16
      const viaPaths = shapOf(deep, x, 12);
      for (let j = 0; j < 12; j++)
        worst = Math.max(
          worst,
          Math.abs(viaPolynomial[j]! - slow[j]!),
          Math.abs(viaTables[j]! - slow[j]!),
          Math.abs(viaPaths[j]! - slow[j]!),
        );
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('adds up to the tree output minus the cover-weighted mean leaf value', () => {
    for (const x of rows) {
      const phi = shapOf(tree, x, 4);
      const out = conditional(tree, x, [true, true, true, true]);
      expect(phi.reduce((s, v) => s + v, 0) + treeExpectedValue(tree)).toBeCloseTo(out, 13);
    }
  });

  it('matches brute force on a trained ensemble, tree by tree', () => {
    const random = mulberry32(7);
    const n = 400;
    const columns: FeatureColumn[] = [
      {
        name: 'a',
        kind: 'numeric',
        values: Array.from({ length: n }, () => (random() < 0.1 ? null : random())),
      },
      { name: 'b', kind: 'numeric', values: Array.from({ length: n }, () => random()) },
      {
        name: 'c',
        kind: 'categorical',
        values: Array.from({ length: n }, () => 'pqrs'[Math.floor(random() * 4)]!),
      },
    ];
    const y = Array.from({ length: n }, (_, i) => {
      const a = columns[0]!.values[i] as number | null;
      const risk =
        (a === null ? 0.8 : a) +
        (columns[2]!.values[i] === 'q' ? 0.6 : 0) -
        0.5 * (columns[1]!.values[i] as number);
      return random() < 1 / (1 + Math.exp(-3 * (risk - 0.5))) ? 1 : 0;
    });
    const model = fitGbt(columns, y, {
      maxIter: 5,
      maxLeafNodes: 8,
      minSamplesLeaf: 10,
      earlyStopping: false,
    });
    const binned = applyBins(model.mapper, columns);
    let worst = 0;
    for (let i = 0; i < 60; i++) {
      const x = [0, 1, 2].map((f) => binned.bins[f * n + i]!);
      const fast = new Float64Array(3);
      const slow = [0, 0, 0];
      const tables = new Float64Array(3);
      for (const t of model.trees) {
        treeShapRow(t, (f) => x[f]!, fast, pathBufferFor(Math.max(...t.depth)));
        fastShapOf(t, x, 3).forEach((v, j) => (tables[j] = tables[j]! + v));
        bruteForceShap(t, x, 3).forEach((v, j) => (slow[j] = slow[j]! + v));
      }
      for (let j = 0; j < 3; j++)
        worst = Math.max(worst, Math.abs(fast[j]! - slow[j]!), Math.abs(tables[j]! - slow[j]!));
    }
    expect(worst).toBeLessThan(1e-12);
    const shap = gbtShap(model, binned);
    expect(meanAbsoluteShap(shap).length).toBe(3);
  });

  it('gbtShap: contributions plus expected value equal the raw score of every row (1e-9)', () => {
    const random = mulberry32(11);
    const n = 2000;
    const columns: FeatureColumn[] = [
      { name: 'x1', kind: 'numeric', values: Array.from({ length: n }, () => random() * 10) },
      {
        name: 'x2',
        kind: 'numeric',
        values: Array.from({ length: n }, () => (random() < 0.2 ? null : random())),
      },
      {
        name: 'g',
        kind: 'categorical',
        values: Array.from({ length: n }, () =>
          random() < 0.05 ? null : 'abcdef'[Math.floor(random() * 6)]!,
        ),
      },
    ];
    const y = Array.from({ length: n }, (_, i) =>
      random() < 0.2 + 0.05 * (columns[0]!.values[i] as number) ? 1 : 0,
    );
    const model = fitGbt(columns, y, { maxIter: 30, earlyStopping: false });
    const binned = applyBins(model.mapper, columns);
    const shap = gbtShap(model, binned);
    const raw = predictGbtRawBinned(model, binned);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      let s = shap.expectedValue;
      for (let j = 0; j < shap.p; j++) s += shap.contributions[i * shap.p + j]!;
      worst = Math.max(worst, Math.abs(s - raw[i]!));
    }
    expect(worst).toBeLessThan(1e-9);
  });
});
