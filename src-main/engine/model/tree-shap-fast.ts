/**
 * Path-dependent TreeSHAP by per-leaf tables, the idea of Fast TreeSHAP v2 (Yang 2021,
 * arXiv:2109.09847): the same values as Algorithm 2 (tree-shap.ts) in O(leaves × path length) per
 * row instead of O(leaves × depth²), after an O(leaves × M·2^M) precomputation per tree.
 *
 * Derivation. Seen from one leaf l with value v, the path-dependent conditional expectation is a
 * product game over the M distinct features F on its path: f_l(T) = v · Π_{j∈F} (j ∈ T ? s_j : z_j),
 * where z_j is the product of the cover ratios of the path's splits on j and s_j = 1 when the row
 * takes the path's side at all of them. With w(t) = t!(M−t−1)!/M! and
 * R(U) = Σ_{T⊆U} w(|T|) Π_{j∈F∖T} z_j, the Shapley value of feature i in this game is
 *     φ_i = v · (s_i − z_i) / z_i · R(S ∖ {i}),    S = { j : s_j = 1 },
 * (z_i > 0: every node holds a training row). R is tabulated for every subset by a subset-sum
 * (zeta) transform, O(M·2^M) once per leaf, when that is cheaper than the per-row route for the rows
 * to explain: R(U) = Π_{j∉U} z_j · Σ_k w(k) c_k with Π_{j∈U}(z_j + x) = Σ_k c_k x^k, and each
 * R(S∖{i}) from the quotient by (z_i + x) (synthetic division from the top, stable since z_i ≤ 1),
 * O(M²) per leaf and row. Summing φ over the leaves gives the tree's contributions.
 */
import { goesLeft, type Tree } from './tree';

const sideLeft = goesLeft; // module-local: some loaders make imported bindings getters
/** Subset tables above this many features cost more to build and hold (2^M doubles per leaf) than they save. */
const MAX_TABLE_FEATURES = 12;

interface LeafTable {
  value: number;
  /** Global feature ids of the M distinct features on the path. */
  features: Int32Array;
  /** z_j: product of cover ratios of the path's splits on features[j]. */
  zeros: Float64Array;
  /** The path's internal nodes, the local feature index of each, and the side the path takes. */
  nodes: Int32Array;
  nodeFeature: Int32Array;
  wentLeft: Uint8Array;
  /** R(U) for every subset U (bit j = features[j]), or null when the polynomial route is cheaper. */
  r: Float64Array | null;
  /** w(t) = t!(M−t−1)!/M! for t < M. */
  w: Float64Array;
}

export interface TreeShapTables {
  leaves: LeafTable[];
}

function shapleyWeights(m: number): Float64Array {
  const w = new Float64Array(Math.max(m, 1));
  // w(t) = 1 / (M · C(M−1, t)), built multiplicatively to stay exact for moderate M.
  for (let t = 0; t < m; t++) {
    let c = 1;
    for (let k = 1; k <= t; k++) c = (c * (m - 1 - t + k)) / k;
    w[t] = 1 / (m * c);
  }
  return w;
}

/** R(U) for all U ⊆ F: g(T) = w(|T|) Π_{j∉T} z_j, then R = Σ_{T⊆U} g(T) by the zeta transform. */
function subsetTable(zeros: Float64Array, w: Float64Array): Float64Array {
  const m = zeros.length;
  const size = 1 << m;
  const inside = new Float64Array(size); // Π_{j∈T} z_j
  inside[0] = 1;
  const r = new Float64Array(size);
  const popcount = new Uint8Array(size);
  for (let t = 1; t < size; t++) {
    const low = t & -t;
    const j = 31 - Math.clz32(low);
    inside[t] = inside[t ^ low]! * zeros[j]!;
    popcount[t] = popcount[t ^ low]! + 1;
  }
  const full = size - 1;
  for (let t = 0; t < full; t++) r[t] = w[popcount[t]!]! * inside[full ^ t]!;
  // r[full] stays 0: |T| = M never occurs (i is always outside T).
  for (let j = 0; j < m; j++) {
    const bit = 1 << j;
    for (let u = 0; u < size; u++) if (u & bit) r[u] = r[u]! + r[u ^ bit]!;
  }
  return r;
}

/** Coefficients of Π_{j∈U}(z_j + x) (c[k] of x^k) into c; returns the degree and Π_{j∉U} z_j. */
function subsetPolynomial(
  zeros: Float64Array,
  u: number,
  c: Float64Array,
): { degree: number; outside: number } {
  c.fill(0);
  c[0] = 1;
  let degree = 0;
  let outside = 1;
  for (let j = 0; j < zeros.length; j++) {
    const z = zeros[j]!;
    if (u & (1 << j)) {
      for (let k = degree + 1; k >= 1; k--) c[k] = c[k]! * z + c[k - 1]!;
      c[0] = c[0]! * z;
      degree++;
    } else outside *= z;
  }
  return { degree, outside };
}

/** The per-row route for one leaf: φ from the polynomial of S and its quotients by (z_i + x). */
function leafByPolynomial(leaf: LeafTable, s: number, phi: Float64Array, offset: number): void {
  const { zeros, w, features, value } = leaf;
  const m = features.length;
  const c = new Float64Array(m + 1);
  const q = new Float64Array(m + 1);
  const { degree, outside } = subsetPolynomial(zeros, s, c);
  // R(S) is needed only for i ∉ S, so S ≠ F and degree < M: w(k) exists for every k used.
  let sum = 0;
  for (let k = 0; k <= Math.min(degree, m - 1); k++) sum += w[k]! * c[k]!;
  const rS = outside * sum;
  for (let j = 0; j < m; j++) {
    const f = offset + features[j]!;
    if (!(s & (1 << j))) {
      phi[f] = phi[f]! - value * rS;
      continue;
    }
    // Π_{S∖{i}} = Π_S / (z_i + x): q[degree − 1] = 1, q[k − 1] = c[k] − z_i q[k].
    const z = zeros[j]!;
    q[degree - 1] = c[degree]!;
    for (let k = degree - 1; k >= 1; k--) q[k - 1] = c[k]! - z * q[k]!;
    let t = 0;
    for (let k = 0; k < degree; k++) t += w[k]! * q[k]!;
    // R(S∖{i}) = Π_{j∉S∖{i}} z_j · Σ w(k) q_k = outside · z_i · t, and φ_i = v (1 − z_i) / z_i · R(S∖{i}).
    phi[f] = phi[f]! + value * (1 - z) * outside * t;
  }
}

/**
 * Leaf tables of one tree (the precomputation; reuse it for every row). null when a path has more
 * than 30 distinct features (subsets are 32-bit masks): use Algorithm 2 for such a tree.
 */
export function treeShapTables(tree: Tree, rows = 1): TreeShapTables | null {
  const leaves: LeafTable[] = [];
  const nodes: number[] = [];
  const sides: number[] = [];
  const walk = (node: number): void => {
    if (tree.left[node]! < 0) {
      if (nodes.length === 0) return; // a single-leaf tree explains nothing
      const features: number[] = [];
      const zeros: number[] = [];
      const nodeFeature = new Int32Array(nodes.length);
      nodes.forEach((v, k) => {
        const f = tree.feature[v]!;
        let j = features.indexOf(f);
        if (j < 0) {
          j = features.length;
          features.push(f);
          zeros.push(1);
        }
        const child = sides[k] === 1 ? tree.left[v]! : tree.right[v]!;
        zeros[j] = zeros[j]! * (tree.count[child]! / tree.count[v]!);
        nodeFeature[k] = j;
      });
      const z = Float64Array.from(zeros);
      const w = shapleyWeights(features.length);
      leaves.push({
        value: tree.value[node]!,
        features: Int32Array.from(features),
        zeros: z,
        nodes: Int32Array.from(nodes),
        nodeFeature,
        wentLeft: Uint8Array.from(sides),
        // Table when 2^M is within the rows to explain (M·2^M once against about M² per row, measured).
        r:
          features.length <= MAX_TABLE_FEATURES && 2 ** features.length <= Math.max(1024, rows)
            ? subsetTable(z, w)
            : null,
        w,
      });
      return;
    }
    nodes.push(node);
    sides.push(1);
    walk(tree.left[node]!);
    sides[sides.length - 1] = 0;
    walk(tree.right[node]!);
    nodes.pop();
    sides.pop();
  };
  walk(0);
  return leaves.some((l) => l.features.length > 30) ? null : { leaves };
}

/** The side (1 = left) a row takes at every internal node of the tree, into `out` (length nodeCount). */
export function rowDecisions(tree: Tree, bin: (feature: number) => number, out: Uint8Array): void {
  for (let v = 0; v < tree.nodeCount; v++)
    if (tree.left[v]! >= 0) out[v] = sideLeft(tree, v, bin(tree.feature[v]!)) ? 1 : 0;
}

/** Adds one tree's contributions for one row (its rowDecisions) to phi[offset + feature]. */
export function fastTreeShapRow(
  tables: TreeShapTables,
  decisions: Uint8Array,
  phi: Float64Array,
  offset = 0,
): void {
  for (const leaf of tables.leaves) {
    const { r, zeros, features, value, nodes, wentLeft, nodeFeature } = leaf;
    const m = features.length;
    let s = (1 << m) - 1; // m ≤ 30 (treeShapTables)
    for (let k = 0; k < nodes.length; k++)
      if (decisions[nodes[k]!] !== wentLeft[k]) s &= ~(1 << nodeFeature[k]!);
    if (r !== null) {
      const rS = r[s]!;
      for (let j = 0; j < m; j++) {
        const bit = 1 << j;
        const f = offset + features[j]!;
        if (s & bit) {
          const z = zeros[j]!;
          phi[f] = phi[f]! + (value * (1 - z) * r[s ^ bit]!) / z;
        } else phi[f] = phi[f]! - value * rS;
      }
    } else leafByPolynomial(leaf, s, phi, offset);
  }
}
