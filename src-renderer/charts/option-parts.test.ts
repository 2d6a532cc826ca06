import { describe, expect, it } from 'vitest';
import { rowTooltip, tooltipHtml } from './option-parts';

describe('tooltipHtml', () => {
  it('escapes the title and each line, with classes only', () => {
    expect(tooltipHtml('A <b>', ['x & y', '"z"'])).toBe(
      '<div class="chart-tip"><div class="chart-tip-title">A &#60;b&#62;</div>' +
        '<div class="chart-tip-counts">x &#38; y</div><div class="chart-tip-counts">&#34;z&#34;</div></div>',
    );
  });
});

describe('rowTooltip', () => {
  const tooltip = rowTooltip([{ n: 1 }, { n: 2 }], (row) => ({ title: `Row ${row.n}`, lines: [] }));

  it('describes the row under the pointer', () => {
    expect(tooltip.trigger).toBe('axis');
    expect(tooltip.formatter([{ dataIndex: 1 }])).toContain('Row 2');
  });

  it('shows nothing outside the rows', () => {
    expect(tooltip.formatter([{ dataIndex: 2 }])).toBe('');
    expect(tooltip.formatter([])).toBe('');
  });
});
