/** Chart colours and text, matching ui/theme.css (ECharts draws on a canvas and cannot read CSS variables). */
export const chartTheme = {
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif",
  text: '#1b2128',
  muted: '#56606b',
  faint: '#646e78',
  grid: '#e6e9ed',
  axis: '#b9c0c9',
  churn: '#c8553d',
  churnAboveBase: '#b8432c',
  churnBelowBase: '#e39a88',
  base: '#2456c4',
  /** Bars that are neither good nor bad (counts). */
  neutral: '#5b7fcf',
  /** Shading of a stretch that needs attention (months without rows). */
  gapArea: 'rgba(180, 35, 24, 0.10)',
  gapText: '#b42318',
};

/** The tooltip box every chart uses: HTML with classes only, since the CSP forbids inline styles. */
export const tooltipBox = {
  backgroundColor: '#ffffff',
  borderColor: chartTheme.axis,
  padding: [8, 10],
  extraCssText: 'box-shadow: 0 4px 14px rgba(16,24,40,0.16);',
};

/** Escapes text for a tooltip, which ECharts sets as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Colours of several curves or series, in order (distinguishable, colour-blind-safe first four). */
export const seriesPalette = [
  '#2456c4',
  '#c8553d',
  '#1a7f37',
  '#8a5a00',
  '#7b3fa0',
  '#0f7b8a',
  '#b0306a',
  '#56606b',
  '#4f8f2f',
  '#a86b00',
  '#3a62b0',
  '#9c4a3a',
];

/**
 * The title block every analysis chart starts with: what it shows, and under it the churn definition,
 * the as-of date and the segment (part of the picture, so an exported PNG still says what it shows).
 */
export function chartTitle(text: string, subtext: string) {
  return {
    text,
    subtext,
    left: 0,
    top: 0,
    // Leaves room for the export buttons at the top right.
    right: 150,
    textStyle: { fontSize: 15, fontWeight: 600, color: chartTheme.text, fontFamily: chartTheme.font },
    subtextStyle: { fontSize: 12, color: chartTheme.muted, fontFamily: chartTheme.font, width: 760 },
  };
}

/** Axis styling shared by the analysis charts; `name` carries the unit ("Tenure (months)"). */
export function axisStyle(name: string, nameGap = 30) {
  return {
    name,
    nameLocation: 'middle' as const,
    nameGap,
    nameTextStyle: { color: chartTheme.muted, fontSize: 12 },
    axisLabel: { color: chartTheme.muted },
    axisLine: { lineStyle: { color: chartTheme.axis } },
    splitLine: { lineStyle: { color: chartTheme.grid } },
  };
}

/** Whether charts animate: not when the user asked the system for less motion. */
export function chartAnimation(): boolean {
  return typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}
