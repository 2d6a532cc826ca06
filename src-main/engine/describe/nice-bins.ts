/**
 * Equal-width bins with "nice" edges (1, 2, 2.5 or 5 × 10^k), the way chart axes are usually cut, so
 * that a user reads "10 – 20" rather than "9.87 – 19.74". At most `maxBins` bins cover [min, max].
 */
export interface Bins {
  start: number;
  step: number;
  count: number;
}

const niceFactors = [1, 2, 2.5, 5, 10];

export function niceBins(min: number, max: number, maxBins: number, integer: boolean): Bins {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min)
    throw new Error('niceBins needs min ≤ max');
  if (maxBins < 1) throw new Error('niceBins needs at least one bin');
  if (max === min) return { start: min, step: 1, count: 1 };
  const rough = (max - min) / maxBins;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const factor of niceFactors) {
    let step = factor * magnitude;
    if (integer) step = Math.max(1, Math.ceil(step));
    const start = Math.floor(min / step) * step;
    // Integers: the bin holding max must exist ("70 – 79" holds 72). Decimals: the last bin is closed,
    // so a max that falls exactly on an edge stays in it (the usual histogram convention).
    const span = (max - start) / step;
    const count = integer ? Math.floor(span + 1e-9) + 1 : Math.max(1, Math.ceil(span - 1e-9));
    if (count <= maxBins) return { start, step, count };
  }
  // Unreachable for maxBins ≥ 1 (factor 10 always fits), kept for the type checker.
  const step = 10 * magnitude;
  return { start: Math.floor(min / step) * step, step, count: maxBins };
}

/** Index of the bin holding `value` (values on an edge belong to the bin that starts there). */
export function binIndex(bins: Bins, value: number): number {
  const index = Math.floor((value - bins.start) / bins.step + 1e-9);
  return Math.min(Math.max(index, 0), bins.count - 1);
}

/** Label of bin i: "10 – 19" for integer data, "10 – < 20" for decimals ("90 – 100" for the closed last bin). */
export function binLabel(bins: Bins, index: number, integer: boolean): string {
  const low = bins.start + index * bins.step;
  const high = low + bins.step;
  const format = (value: number) => String(Number(value.toPrecision(12)));
  if (integer) return bins.step === 1 ? format(low) : `${format(low)} – ${format(high - 1)}`;
  return index === bins.count - 1 ? `${format(low)} – ${format(high)}` : `${format(low)} – < ${format(high)}`;
}
