import { describe, expect, it } from 'vitest';
import {
  formatHazardRatio,
  formatP,
  formatPCell,
  formatShareInterval,
  formatSignificant,
  formatStatistic,
  formatTime,
} from './stats-format';

describe('statistics in words', () => {
  it('writes statistics and p-values as people read them', () => {
    expect(formatStatistic(2352.872538259342)).toBe('2,352.9');
    expect(formatP(0)).toBe('p < 0.001');
    expect(formatP(0.0342)).toBe('p = 0.034');
    expect(formatPCell(0.8153)).toBe('0.815');
    expect(formatPCell(null)).toBe('—');
  });

  it('coefficients with three significant digits', () => {
    expect(formatSignificant(-2.189892731667271)).toBe('-2.19');
    expect(formatSignificant(0.11192875438426528)).toBe('0.112');
    expect(formatSignificant(1.000210065944893, 4)).toBe('1');
    expect(formatSignificant(0.00021004388413179093)).toBe('0.00021');
    expect(formatSignificant(null)).toBe('—');
  });

  it('times and intervals', () => {
    expect(formatTime(35, 'months')).toBe('35 months');
    expect(formatTime(1, 'months')).toBe('1 month');
    expect(formatTime(1095, 'days')).toBe('1,095 days');
    expect(formatShareInterval(0.83, 0.854)).toBe('83.0–85.4%');
    expect(formatShareInterval(0.5, null)).toBe('50.0–…%');
  });
});

describe('formatHazardRatio', () => {
  it('keeps the digits that say how far from 1 a ratio is', () => {
    expect(formatHazardRatio(0.11192875438426528)).toBe('0.112');
    expect(formatHazardRatio(1.000210065944893)).toBe('1.0002');
    expect(formatHazardRatio(0.9984488871073373)).toBe('0.9984');
    expect(formatHazardRatio(1.0019743513519865)).toBe('1.002');
    expect(formatHazardRatio(1)).toBe('1');
    expect(formatHazardRatio(null)).toBe('—');
  });
});
