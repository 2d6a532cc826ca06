import { describe, expect, it } from 'vitest';
import { bgnbdPredictor } from './bgnbd';
import { frequencyRecencyGrid } from './grids';

describe('frequencyRecencyGrid', () => {
  const predictor = bgnbdPredictor({ r: 0.2426, alpha: 4.414, a: 0.793, b: 2.426 });
  const grid = frequencyRecencyGrid(predictor, 39, 10, 13, 52);

  it('lays out x = 0..maxX by t_x = 0..T and evaluates the predictor at each cell', () => {
    expect(grid.x).toHaveLength(11);
    expect(grid.tx).toHaveLength(14);
    expect(grid.tx[13]).toBe(39);
    expect(grid.horizon).toBe(52);
    expect(grid.T).toBe(39);
    expect(grid.pAlive[4]![6]).toBe(predictor.pAlive(4, 18, 39));
    expect(grid.expected[4]![6]).toBe(predictor.conditionalExpected(52, 4, 18, 39));
  });

  it('has P(alive) = 1 without repeat purchases and rising with recency', () => {
    expect(grid.pAlive[0]!.every((p) => p === 1)).toBe(true);
    for (let i = 1; i <= 10; i++)
      for (let j = 1; j <= 13; j++) expect(grid.pAlive[i]![j]!).toBeGreaterThan(grid.pAlive[i]![j - 1]!);
    // A customer who bought recently (t_x = T) with more purchases is worth more.
    expect(grid.expected[10]![13]!).toBeGreaterThan(grid.expected[1]![13]!);
  });

  it('rejects an empty grid', () => {
    expect(() => frequencyRecencyGrid(predictor, -1, 10, 13, 52)).toThrow(/T ≥ 0/);
    expect(() => frequencyRecencyGrid(predictor, 39, 10, 0, 52)).toThrow(/recency step/);
  });
});
