/**
 * One regression tree on binned features, fitted to gradients and hessians of a loss: the growth of
 * scikit-learn 1.2's ensemble/_hist_gradient_boosting (grower.py, splitting.pyx, histogram.pyx),
 * with the same rules so the trees, and the cross-validated AUCs, come out alike:
 * - leaf-wise (best-first) growth: the splittable node with the largest gain is split next, until
 *   maxLeafNodes leaves (all splittable nodes are then finalised), maxDepth, or no valid split;
 * - gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (sklearn's _split_gain with its 1e-15 guard, no ½;
 *   the root's "current loss" uses value 0 exactly as grower.py does);
 * - a split must leave ≥ minSamplesLeaf rows and hessian ≥ 1e-3 (min_hessian_to_split) per side;
 *   a node with < 2·minSamplesLeaf rows is a leaf;
 * - numeric: scan bins left to right with missing values right, and (if the training rows had
 *   missing values) right to left with missing left; strict `>` keeps the first best;
 * - categorical: categories with hessian·(n/H) ≥ 10 sorted by G/(H + 10) (LightGBM's cat_smooth),
 *   scanned from both ends up to the middle; low-support categories always go right;
 * - features without missing values in training send missing rows to the child with more rows;
 * - histograms (ΣG, ΣH, count per bin) are built for the smaller child and the larger child's by
 *   subtraction from the parent's (the "subtraction trick").
 * Trees are stored as flat typed arrays (node 0 is the root).
 */
import { MISSING_BIN } from './binning';

/** Per-feature facts the splitter needs (from the training rows' binning). */
export interface SplitFeature {
  categorical: boolean;
  /** Non-missing bins in training. */
  nBins: number;
  /** Training rows had missing values in this feature. */
  hasMissing: boolean;
}

export interface TreeOptions {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Leaf values are multiplied by this (the learning rate). */
  shrinkage: number;
}

export interface Tree {
  nodeCount: number;
  /** Split feature of an internal node; −1 at a leaf. */
  feature: Int32Array;
  /** Numeric: rows with bin ≤ threshold go left. */
  thresholdBin: Uint8Array;
  /** 1 when missing values (and unseen categories) go left. */
  missingLeft: Uint8Array;
  categorical: Uint8Array;
  /** 256-bit set of bins sent left, 8 words per node (categorical splits only). */
  leftBins: Uint32Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf output (shrinkage applied); for internal nodes −G/(H+λ) unshrunk, as sklearn keeps it. */
  value: Float64Array;
  /** Training rows through the node: the cover TreeSHAP weighs paths with. */
  count: Float64Array;
  gain: Float64Array;
  depth: Int32Array;
}

// A module-local copy: some loaders turn imported bindings into getters, too slow in the inner loops.
const MISSING = MISSING_BIN;
const MIN_HESSIAN_TO_SPLIT = 1e-3;
const MIN_CAT_SUPPORT = 10;

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  categorical: boolean;
  leftBins: Uint32Array | null;
  sumGradientLeft: number;
  sumHessianLeft: number;
  nLeft: number;
}

interface GrowNode {
  id: number;
  start: number;
  stop: number;
  sumGradients: number;
  sumHessians: number;
  value: number;
  depth: number;
  histogram: Float64Array | null;
  split: Split | null;
}

const nodeValue = (g: number, h: number, l2: number): number => -g / (h + l2 + 1e-15);

function splitGain(gl: number, hl: number, gr: number, hr: number, currentLoss: number, l2: number): number {
  // _loss_from_value(value, G) = G·value with value = −G/(H+λ).
  return currentLoss - gl * nodeValue(gl, hl, l2) - gr * nodeValue(gr, hr, l2);
}

const inBitset = (bits: Uint32Array, offset: number, b: number): boolean =>
  ((bits[offset + (b >>> 5)]! >>> (b & 31)) & 1) === 1;

/** The binned-matrix decision of one internal node (sklearn's sample_goes_left). */
export function goesLeft(tree: Tree, node: number, bin: number): boolean {
  if (bin === MISSING) return tree.missingLeft[node] === 1;
  if (tree.categorical[node] === 1) return inBitset(tree.leftBins, node * 8, bin);
  return bin <= tree.thresholdBin[node]!;
}

/** Grows trees for one training matrix; holds the buffers reused across boosting iterations. */
export class TreeGrower {
  private readonly partition: Int32Array;
  private readonly buffer: Int32Array;
  private readonly pool: Float64Array[] = [];
  private lastTree: { tree: Tree; ranges: Array<[number, number, number]> } | null = null;
  private readonly orderedG: Float64Array;
  private readonly orderedH: Float64Array;
  /**
   * Compact histogram layout: feature f owns nBins_f + 1 slots from offsets[f] (the last for missing),
   * each slot (ΣG, ΣH, count). Most columns have a handful of bins, so this is several times smaller
   * than 256 slots per feature, and building, subtracting and clearing histograms shrink with it.
   */
  private readonly offsets: Int32Array;
  private readonly histogramLength: number;
  /** Slot of (feature f, row s) at f·n + s, precomputed from the bins once per training matrix. */
  private readonly slots: Uint16Array | Uint32Array;

  constructor(
    private readonly bins: Uint8Array,
    private readonly n: number,
    private readonly features: readonly SplitFeature[],
    private readonly options: TreeOptions,
  ) {
    this.partition = new Int32Array(n);
    this.buffer = new Int32Array(n);
    this.orderedG = new Float64Array(n);
    this.orderedH = new Float64Array(n);
    this.offsets = new Int32Array(features.length);
    let total = 0;
    features.forEach((f, j) => {
      this.offsets[j] = total;
      total += f.nBins + 1;
    });
    this.histogramLength = 3 * total;
    this.slots =
      total <= 0xffff ? new Uint16Array(n * features.length) : new Uint32Array(n * features.length);
    features.forEach((f, j) => {
      const offset = this.offsets[j]!;
      for (let i = 0; i < n; i++) {
        const b = bins[j * n + i]!;
        this.slots[j * n + i] = offset + (b === MISSING ? f.nBins : b);
      }
    });
  }

  private takeHistogram(): Float64Array {
    const h = this.pool.pop();
    if (h) {
      h.fill(0);
      return h;
    }
    return new Float64Array(this.histogramLength);
  }

  private release(node: GrowNode): void {
    if (node.histogram) this.pool.push(node.histogram);
    node.histogram = null;
  }

  /**
   * ΣG, ΣH and count per (feature, bin) over the node's rows: the O(rows) "brute" build. The node's
   * gradients and hessians are gathered once into contiguous arrays (sklearn's ordered_gradients),
   * so the per-feature loops read them sequentially.
   */
  private buildHistogram(node: GrowNode, g: Float32Array, h: Float32Array): Float64Array {
    const hist = this.takeHistogram();
    const { slots, n, partition, orderedG, orderedH } = this;
    const m = node.stop - node.start;
    for (let k = 0; k < m; k++) {
      const s = partition[node.start + k]!;
      orderedG[k] = g[s]!;
      orderedH[k] = h[s]!;
    }
    for (let f = 0; f < this.features.length; f++) {
      const column = f * n;
      for (let k = 0; k < m; k++) {
        const o = slots[column + partition[node.start + k]!]! * 3;
        hist[o] = hist[o]! + orderedG[k]!;
        hist[o + 1] = hist[o + 1]! + orderedH[k]!;
        hist[o + 2] = hist[o + 2]! + 1;
      }
    }
    return hist;
  }

  /** The sibling's histogram as parent − child, O(bins): histogram.pyx's compute_histograms_subtraction. */
  private subtractHistogram(parent: Float64Array, child: Float64Array): Float64Array {
    const out = this.takeHistogram();
    for (let i = 0; i < out.length; i++) out[i] = parent[i]! - child[i]!;
    return out;
  }

  private findSplit(node: GrowNode): Split | null {
    const hist = node.histogram!;
    let best: Split | null = null;
    for (let f = 0; f < this.features.length; f++) {
      const feature = this.features[f]!;
      const candidate = feature.categorical
        ? this.findCategoricalSplit(node, hist, this.offsets[f]! * 3, f, feature)
        : this.findNumericSplit(node, hist, this.offsets[f]! * 3, f, feature);
      // _find_best_feature_to_split_helper: strict `>`, so the first feature wins ties.
      if (candidate !== null && (best === null || candidate.gain > best.gain)) best = candidate;
    }
    return best;
  }

  private findNumericSplit(
    node: GrowNode,
    hist: Float64Array,
    base: number,
    f: number,
    feature: SplitFeature,
  ): Split | null {
    const { minSamplesLeaf, l2Regularization: l2 } = this.options;
    const n = node.stop - node.start;
    const G = node.sumGradients;
    const H = node.sumHessians;
    const currentLoss = G * node.value;
    let bestGain = -1;
    let bestBin = -1;
    let bestMissingLeft = false;
    let bestGl = 0;
    let bestHl = 0;
    let bestNl = 0;
    // Left to right, missing values right; the last non-missing bin may go left only when missing
    // values exist to form the right child ("split on nan").
    const end = feature.nBins - 1 + (feature.hasMissing ? 1 : 0);
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < end; b++) {
      const o = base + b * 3;
      // An empty bin changes no sum, so its gain equals the previous bin's and cannot beat it.
      if (hist[o + 2] === 0) continue;
      nl += hist[o + 2]!;
      hl += hist[o + 1]!;
      gl += hist[o]!;
      const nr = n - nl;
      const hr = H - hl;
      if (nl < minSamplesLeaf) continue;
      if (nr < minSamplesLeaf) break;
      if (hl < MIN_HESSIAN_TO_SPLIT) continue;
      if (hr < MIN_HESSIAN_TO_SPLIT) break;
      // splitGain inlined (the hottest line of training), same operations in the same order.
      const gr = G - gl;
      const gain = currentLoss - gl * (-gl / (hl + l2 + 1e-15)) - gr * (-gr / (hr + l2 + 1e-15));
      if (gain > bestGain && gain > 0) {
        bestGain = gain;
        bestBin = b;
        bestGl = gl;
        bestHl = hl;
        bestNl = nl;
      }
    }
    if (feature.hasMissing) {
      // Right to left, missing values left.
      let gr = 0;
      let hr = 0;
      let nr = 0;
      for (let b = feature.nBins - 2; b >= 0; b--) {
        const o = base + (b + 1) * 3;
        if (hist[o + 2] === 0) continue; // as above
        nr += hist[o + 2]!;
        hr += hist[o + 1]!;
        gr += hist[o]!;
        const nLeft = n - nr;
        const hLeft = H - hr;
        if (nr < minSamplesLeaf) continue;
        if (nLeft < minSamplesLeaf) break;
        if (hr < MIN_HESSIAN_TO_SPLIT) continue;
        if (hLeft < MIN_HESSIAN_TO_SPLIT) break;
        const gLeft = G - gr;
        const gain = currentLoss - gLeft * (-gLeft / (hLeft + l2 + 1e-15)) - gr * (-gr / (hr + l2 + 1e-15));
        if (gain > bestGain && gain > 0) {
          bestGain = gain;
          bestBin = b;
          bestMissingLeft = true;
          bestGl = gLeft;
          bestHl = hLeft;
          bestNl = nLeft;
        }
      }
    }
    if (bestBin < 0) return null;
    return {
      gain: bestGain,
      feature: f,
      bin: bestBin,
      missingLeft: bestMissingLeft,
      categorical: false,
      leftBins: null,
      sumGradientLeft: bestGl,
      sumHessianLeft: bestHl,
      nLeft: bestNl,
    };
  }

  private findCategoricalSplit(
    node: GrowNode,
    hist: Float64Array,
    base: number,
    f: number,
    feature: SplitFeature,
  ): Split | null {
    const { minSamplesLeaf, l2Regularization: l2 } = this.options;
    const n = node.stop - node.start;
    const G = node.sumGradients;
    const H = node.sumHessians;
    const supportFactor = n / H;
    const used: Array<{ bin: number; o: number; value: number }> = [];
    const consider = (b: number, o: number): void => {
      const hb = hist[o + 1]!;
      if (hb * supportFactor >= MIN_CAT_SUPPORT)
        used.push({ bin: b, o, value: hist[o]! / (hb + MIN_CAT_SUPPORT) });
    };
    for (let b = 0; b < feature.nBins; b++) consider(b, base + b * 3);
    // Missing values are one more category (their slot is the feature's last).
    if (feature.hasMissing) consider(MISSING, base + feature.nBins * 3);
    if (used.length <= 1) return null;
    used.sort((a, b) => a.value - b.value);
    const currentLoss = G * node.value;
    let bestGain = -1;
    let best: { threshold: number; direction: 1 | -1; gl: number; hl: number; nl: number } | null = null;
    for (const direction of [1, -1] as const) {
      const middle = direction === 1 ? (used.length + 1) >> 1 : ((used.length + 1) >> 1) - 1;
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let i = 0; i < middle; i++) {
        const sorted = direction === 1 ? i : used.length - 1 - i;
        const o = used[sorted]!.o;
        nl += hist[o + 2]!;
        hl += hist[o + 1]!;
        gl += hist[o]!;
        const nr = n - nl;
        const hr = H - hl;
        if (nl < minSamplesLeaf || hl < MIN_HESSIAN_TO_SPLIT) continue;
        if (nr < minSamplesLeaf || hr < MIN_HESSIAN_TO_SPLIT) break;
        const gain = splitGain(gl, hl, G - gl, hr, currentLoss, l2);
        if (gain > bestGain && gain > 0) {
          bestGain = gain;
          best = { threshold: sorted, direction, gl, hl, nl };
        }
      }
    }
    if (best === null) return null;
    const leftBins = new Uint32Array(8);
    const from = best.direction === 1 ? 0 : best.threshold;
    const to = best.direction === 1 ? best.threshold : used.length - 1;
    for (let i = from; i <= to; i++) {
      const b = used[i]!.bin;
      leftBins[b >>> 5] = leftBins[b >>> 5]! | (1 << (b & 31));
    }
    return {
      gain: bestGain,
      feature: f,
      bin: 0,
      missingLeft: feature.hasMissing && inBitset(leftBins, 0, MISSING),
      categorical: true,
      leftBins,
      sumGradientLeft: best.gl,
      sumHessianLeft: best.hl,
      nLeft: best.nl,
    };
  }

  /** Stable in-place partition of the node's rows into [left | right]; returns the boundary. */
  private partitionRows(node: GrowNode, split: Split): number {
    const { bins, n, partition, buffer } = this;
    const column = split.feature * n;
    let l = node.start;
    let r = 0;
    for (let k = node.start; k < node.stop; k++) {
      const s = partition[k]!;
      const b = bins[column + s]!;
      const left =
        b === MISSING
          ? split.missingLeft
          : split.categorical
            ? inBitset(split.leftBins!, 0, b)
            : b <= split.bin;
      if (left) partition[l++] = s;
      else buffer[r++] = s;
    }
    partition.set(buffer.subarray(0, r), l);
    return l;
  }

  /** One tree for the gradients and hessians (float32, as sklearn's G_H_DTYPE) of all rows. */
  grow(gradients: Float32Array, hessians: Float32Array): Tree {
    const { minSamplesLeaf, maxLeafNodes, maxDepth, l2Regularization: l2, shrinkage } = this.options;
    for (let i = 0; i < this.n; i++) this.partition[i] = i;
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < this.n; i++) {
      sumG += gradients[i]!;
      sumH += hessians[i]!;
    }
    const nodes: GrowNode[] = [];
    const makeNode = (
      start: number,
      stop: number,
      g: number,
      h: number,
      value: number,
      depth: number,
    ): GrowNode => {
      const node: GrowNode = {
        id: nodes.length,
        start,
        stop,
        sumGradients: g,
        sumHessians: h,
        value,
        depth,
        histogram: null,
        split: null,
      };
      nodes.push(node);
      return node;
    };
    const children = new Map<number, [number, number]>();
    // grower.py starts the root at value 0 (its gain then omits the −G²/H term; argmax unchanged).
    const root = makeNode(0, this.n, sumG, sumH, 0, 0);
    const splittable: GrowNode[] = [];
    let leaves = 1;
    const pushIfSplittable = (node: GrowNode): void => {
      const split = this.findSplit(node);
      if (split !== null && split.gain > 0) {
        node.split = split;
        splittable.push(node);
      } else this.release(node);
    };
    if (this.n >= 2 * minSamplesLeaf && sumH >= MIN_HESSIAN_TO_SPLIT) {
      root.histogram = this.buildHistogram(root, gradients, hessians);
      pushIfSplittable(root);
    }
    while (splittable.length > 0) {
      // Largest gain first; the earliest pushed wins ties (a heap's order is arbitrary there).
      let pick = 0;
      for (let i = 1; i < splittable.length; i++)
        if (splittable[i]!.split!.gain > splittable[pick]!.split!.gain) pick = i;
      const node = splittable.splice(pick, 1)[0]!;
      const split = node.split!;
      const boundary = this.partitionRows(node, split);
      const gl = split.sumGradientLeft;
      const hl = split.sumHessianLeft;
      const gr = node.sumGradients - gl;
      const hr = node.sumHessians - hl;
      const depth = node.depth + 1;
      const left = makeNode(node.start, boundary, gl, hl, nodeValue(gl, hl, l2), depth);
      const right = makeNode(boundary, node.stop, gr, hr, nodeValue(gr, hr, l2), depth);
      children.set(node.id, [left.id, right.id]);
      if (!this.features[split.feature]!.hasMissing)
        split.missingLeft = left.stop - left.start > right.stop - right.start;
      leaves += 1;
      const parentHistogram = node.histogram!;
      node.histogram = null;
      let stop = false;
      if (maxLeafNodes !== null && leaves === maxLeafNodes) {
        for (const s of splittable) this.release(s);
        splittable.length = 0;
        stop = true;
      } else if (maxDepth !== null && depth === maxDepth) stop = true;
      const splitLeft = !stop && left.stop - left.start >= 2 * minSamplesLeaf;
      const splitRight = !stop && right.stop - right.start >= 2 * minSamplesLeaf;
      if (splitLeft || splitRight) {
        const [small, large] =
          left.stop - left.start < right.stop - right.start ? [left, right] : [right, left];
        small.histogram = this.buildHistogram(small, gradients, hessians);
        large.histogram = this.subtractHistogram(parentHistogram, small.histogram);
        if (splitLeft) pushIfSplittable(left);
        else this.release(left);
        if (splitRight) pushIfSplittable(right);
        else this.release(right);
      }
      this.pool.push(parentHistogram);
    }
    const tree = this.flatten(nodes, children, shrinkage);
    this.lastTree = {
      tree,
      ranges: nodes.filter((v) => !children.has(v.id)).map((v) => [v.id, v.start, v.stop]),
    };
    return tree;
  }

  /**
   * Adds the last grown tree's output to the training rows' scores straight from the final partition
   * (each leaf owns a contiguous range of it) instead of walking the tree per row, as sklearn's
   * _update_raw_predictions does.
   */
  addLastTreeToTrainingScores(raw: Float64Array): void {
    if (this.lastTree === null) throw new Error('no tree grown yet');
    const { tree, ranges } = this.lastTree;
    for (const [id, start, stop] of ranges) {
      const value = tree.value[id]!;
      for (let k = start; k < stop; k++) {
        const s = this.partition[k]!;
        raw[s] = raw[s]! + value;
      }
    }
  }

  private flatten(nodes: GrowNode[], children: Map<number, [number, number]>, shrinkage: number): Tree {
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
    for (const node of nodes) {
      const i = node.id;
      tree.count[i] = node.stop - node.start;
      tree.depth[i] = node.depth;
      const kids = children.get(i);
      if (kids === undefined) {
        tree.value[i] = node.value * shrinkage; // grower.py's _apply_shrinkage, leaves only
        continue;
      }
      const split = node.split!;
      tree.value[i] = node.value;
      tree.feature[i] = split.feature;
      tree.thresholdBin[i] = split.bin;
      tree.missingLeft[i] = split.missingLeft ? 1 : 0;
      tree.categorical[i] = split.categorical ? 1 : 0;
      if (split.leftBins) tree.leftBins.set(split.leftBins, i * 8);
      tree.left[i] = kids[0];
      tree.right[i] = kids[1];
      tree.gain[i] = split.gain;
    }
    return tree;
  }
}

/** The leaf a binned row reaches; `at(f)` is the row's bin of feature f. */
export function leafOf(tree: Tree, at: (feature: number) => number): number {
  let node = 0;
  while (tree.left[node]! >= 0)
    node = goesLeft(tree, node, at(tree.feature[node]!)) ? tree.left[node]! : tree.right[node]!;
  return node;
}

/**
 * Adds the tree's output to out[i] for rows start ≤ i < stop (all rows by default) of a
 * column-major binned matrix with n rows.
 */
export function addTreeOutput(
  tree: Tree,
  bins: Uint8Array,
  n: number,
  out: Float64Array,
  start = 0,
  stop = n,
): void {
  const { left, right, feature, value, missingLeft, categorical, leftBins, thresholdBin } = tree;
  for (let i = start; i < stop; i++) {
    let node = 0;
    let l = left[node]!;
    while (l >= 0) {
      // goesLeft, inlined: this loop is all of scoring.
      const b = bins[feature[node]! * n + i]!;
      const goLeft =
        b === MISSING
          ? missingLeft[node] === 1
          : categorical[node] === 1
            ? ((leftBins[node * 8 + (b >>> 5)]! >>> (b & 31)) & 1) === 1
            : b <= thresholdBin[node]!;
      node = goLeft ? l : right[node]!;
      l = left[node]!;
    }
    out[i] = out[i]! + value[node]!;
  }
}
