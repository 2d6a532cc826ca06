/**
 * Exact TreeSHAP, path-dependent: Lundberg, Erion et al. (2018/2020) "Consistent individualized
 * feature attribution for tree ensembles", Algorithm 2 — the recursion of the shap package's
 * cext/tree_shap.h (tree_shap_recursive, extend_path, unwind_path, unwound_path_sum) with
 * condition = 0. The conditional expectation E[f(x) | x_S] follows x at splits on features in S and
 * averages the children by training cover (row counts) elsewhere; the contributions φ_j are the
 * Shapley values of that set function, so Σ_j φ_j + E[f] = f(x) for every row.
 * For the boosted model the raw score (log-odds) is explained: expected value = baseline + Σ_trees
 * cover-weighted mean leaf value.
 */
import type { BinnedMatrix } from './binning';
import type { GbtModel } from './gbt';
import { goesLeft, type Tree } from './tree';
import { fastTreeShapRow, rowDecisions, treeShapTables } from './tree-shap-fast';

// Module-local copy: some loaders (tsx, vite-node) turn imported bindings into getters, slow in hot loops.
const sideLeft = goesLeft;

export interface ShapValues {
  /** Row-major n × p contributions (feature j of row i at i·p + j), in raw-score (log-odds) units. */
  contributions: Float64Array;
  n: number;
  p: number;
  /** E[f(X)] over the training cover: the score before any feature is known. */
  expectedValue: number;
}

/** The unique path of Algorithm 2: per element the feature, zero/one fractions and permutation weight. */
class PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

/** extend_path: adds (feature, zero, one) at position `depth` of the path starting at `at`. */
function extend(
  path: PathBuffer,
  at: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const { weight } = path;
  path.feature[at + depth] = feature;
  path.zero[at + depth] = zero;
  path.one[at + depth] = one;
  weight[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    weight[at + i + 1] = weight[at + i + 1]! + (one * weight[at + i]! * (i + 1)) / (depth + 1);
    weight[at + i] = (zero * weight[at + i]! * (depth - i)) / (depth + 1);
  }
}

/** unwind_path: removes element `index` (undoing its extension). */
function unwind(path: PathBuffer, at: number, depth: number, index: number): void {
  const { weight } = path;
  const one = path.one[at + index]!;
  const zero = path.zero[at + index]!;
  let next = weight[at + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = weight[at + i]!;
      weight[at + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (weight[at + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      weight[at + i] = (weight[at + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    path.feature[at + i] = path.feature[at + i + 1]!;
    path.zero[at + i] = path.zero[at + i + 1]!;
    path.one[at + i] = path.one[at + i + 1]!;
  }
}

/** unwound_path_sum: the total permutation weight of the path with element `index` removed. */
function unwoundSum(path: PathBuffer, at: number, depth: number, index: number): number {
  const { weight } = path;
  const one = path.one[at + index]!;
  const zero = path.zero[at + index]!;
  let next = weight[at + depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = weight[at + i]! - tmp * zero * ((depth - i) / (depth + 1));
    } else if (zero !== 0) {
      total += weight[at + i]! / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

/** Maximum depth (root = 0) of a tree. */
function treeDepth(tree: Tree): number {
  let d = 0;
  for (let i = 0; i < tree.nodeCount; i++) d = Math.max(d, tree.depth[i]!);
  return d;
}

/**
 * Adds one tree's contributions for one row to phi (length p). `bin(f)` is the row's bin of
 * feature f; `path` must hold (D + 2)(D + 3)/2 elements for a tree of depth D (pathBufferFor).
 */
export function treeShapRow(
  tree: Tree,
  bin: (feature: number) => number,
  phi: Float64Array,
  path: PathBuffer,
): void {
  recurse(tree, bin, phi, path, 0, 0, 0, 1, 1, -1);
}

/** tree_shap_recursive with condition = 0; each level works on its own copy of the path, after the parent's. */
function recurse(
  tree: Tree,
  bin: (feature: number) => number,
  phi: Float64Array,
  path: PathBuffer,
  node: number,
  depthIn: number,
  parentAt: number,
  parentZero: number,
  parentOne: number,
  parentFeature: number,
): void {
  let depth = depthIn;
  const at = parentAt + depth;
  const { feature: pf, zero: pz, one: po, weight: pw } = path;
  for (let i = 0; i < depth; i++) {
    pf[at + i] = pf[parentAt + i]!;
    pz[at + i] = pz[parentAt + i]!;
    po[at + i] = po[parentAt + i]!;
    pw[at + i] = pw[parentAt + i]!;
  }
  extend(path, at, depth, parentZero, parentOne, parentFeature);
  const left = tree.left[node]!;
  if (left < 0) {
    const value = tree.value[node]!;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(path, at, depth, i);
      const j = pf[at + i]!;
      phi[j] = phi[j]! + w * (po[at + i]! - pz[at + i]!) * value;
    }
    return;
  }
  const split = tree.feature[node]!;
  const right = tree.right[node]!;
  const hot = sideLeft(tree, node, bin(split)) ? left : right;
  const cold = hot === left ? right : left;
  const cover = tree.count[node]!;
  let incomingZero = 1;
  let incomingOne = 1;
  // A feature already on the path: undo its earlier split so this node's can be redone.
  let index = 0;
  while (index <= depth && pf[at + index] !== split) index++;
  if (index !== depth + 1) {
    incomingZero = pz[at + index]!;
    incomingOne = po[at + index]!;
    unwind(path, at, depth, index);
    depth -= 1;
  }
  recurse(
    tree,
    bin,
    phi,
    path,
    hot,
    depth + 1,
    at,
    (tree.count[hot]! / cover) * incomingZero,
    incomingOne,
    split,
  );
  recurse(tree, bin, phi, path, cold, depth + 1, at, (tree.count[cold]! / cover) * incomingZero, 0, split);
}

/** Buffer for trees up to depth D: the per-level copies need 1 + 2 + … + (D + 2) elements. */
export function pathBufferFor(maxDepth: number): PathBuffer {
  const d = maxDepth + 2;
  return new PathBuffer((d * (d + 1)) / 2 + d);
}

/** Cover-weighted mean leaf value: E[f(X)] of one tree under the path-dependent distribution. */
export function treeExpectedValue(tree: Tree): number {
  let s = 0;
  for (let i = 0; i < tree.nodeCount; i++) if (tree.left[i]! < 0) s += tree.value[i]! * tree.count[i]!;
  return s / tree.count[0]!;
}

/**
 * Per feature used by the tree, the class of each of the 256 bins: bins that take the same side at
 * every split on that feature share a class. A row's decisions in the tree, hence its contributions,
 * depend only on its classes, combined into one mixed-radix key (exact below 2^53; else null).
 */
function binClasses(tree: Tree): { features: number[]; classOf: Uint32Array[]; radix: number[] } | null {
  const byFeature = new Map<number, number[]>();
  for (let v = 0; v < tree.nodeCount; v++) {
    if (tree.left[v]! < 0) continue;
    const f = tree.feature[v]!;
    const nodes = byFeature.get(f) ?? [];
    nodes.push(v);
    byFeature.set(f, nodes);
  }
  const features = [...byFeature.keys()];
  const classOf: Uint32Array[] = [];
  const radix: number[] = [];
  let span = 1;
  for (const f of features) {
    const nodes = byFeature.get(f)!;
    const ids = new Map<string, number>();
    const table = new Uint32Array(256);
    for (let b = 0; b < 256; b++) {
      let signature = '';
      for (const v of nodes) signature += sideLeft(tree, v, b) ? '1' : '0';
      let id = ids.get(signature);
      if (id === undefined) ids.set(signature, (id = ids.size));
      table[b] = id;
    }
    classOf.push(table);
    radix.push(ids.size);
    span *= ids.size;
  }
  return span < 2 ** 53 ? { features, classOf, radix } : null;
}

/**
 * Contributions of every feature for every row of a binned matrix (binned with the model's mapper).
 * A tree's contributions depend on a row only through the side it takes at each split, so rows are
 * keyed by their bin classes (binClasses) and each distinct key is explained once per tree (on the
 * telco data about a third of the rows are distinct per tree).
 */
export function gbtShap(model: GbtModel, binned: BinnedMatrix): ShapValues {
  const { n, p, bins } = binned;
  const contributions = new Float64Array(n * p);
  let depth = 0;
  for (const tree of model.trees) depth = Math.max(depth, treeDepth(tree));
  const path = pathBufferFor(depth);
  let row = 0;
  const bin = (f: number): number => bins[f * n + row]!;
  const scratch = new Float64Array(p);
  const add = (phi: Float64Array, features: number[]): void => {
    const base = row * p;
    for (let k = 0; k < features.length; k++) {
      const at = base + features[k]!;
      contributions[at] = contributions[at]! + phi[k]!;
    }
  };
  for (const tree of model.trees) {
    // Leaf tables when the paths allow (tree-shap-fast.ts), else Algorithm 2.
    const tables = treeShapTables(tree, n);
    const decisions = new Uint8Array(tree.nodeCount);
    const allFeatures = Array.from({ length: p }, (_, f) => f);
    const explain = (): void => {
      scratch.fill(0);
      if (tables === null) treeShapRow(tree, bin, scratch, path);
      else {
        rowDecisions(tree, bin, decisions);
        fastTreeShapRow(tables, decisions, scratch);
      }
    };
    const direct = (from: number): void => {
      for (row = from; row < n; row++) {
        if (tables === null) {
          explain();
          add(scratch, allFeatures);
        } else {
          rowDecisions(tree, bin, decisions);
          fastTreeShapRow(tables, decisions, contributions, row * p);
        }
      }
    };
    const classes = binClasses(tree);
    if (classes === null) {
      direct(0); // too many distinct decision patterns to key exactly
      continue;
    }
    const { features, classOf, radix } = classes;
    const cache = new Map<number, Float64Array>();
    for (row = 0; row < n; row++) {
      // Caching pays only when rows repeat (low-cardinality data); with continuous features nearly
      // every row is new, so after a trial of 512 rows with under an eighth repeating, explain directly.
      if (row === 512 && tables !== null && cache.size > 448) {
        direct(row);
        break;
      }
      let key = 0;
      for (let k = 0; k < features.length; k++)
        key = key * radix[k]! + classOf[k]![bins[features[k]! * n + row]!]!;
      let phi = cache.get(key);
      if (phi === undefined) {
        explain();
        phi = Float64Array.from(features, (f) => scratch[f]!);
        cache.set(key, phi);
      }
      add(phi, features);
    }
  }
  let expectedValue = model.baseline;
  for (const tree of model.trees) expectedValue += treeExpectedValue(tree);
  return { contributions, n, p, expectedValue };
}

/** Mean |φ_j| over the rows: the global importance shown beside permutation importance. */
export function meanAbsoluteShap(shap: ShapValues): Float64Array {
  const out = new Float64Array(shap.p);
  for (let i = 0; i < shap.n; i++)
    for (let j = 0; j < shap.p; j++) out[j] = out[j]! + Math.abs(shap.contributions[i * shap.p + j]!);
  return out.map((v) => v / shap.n);
}
