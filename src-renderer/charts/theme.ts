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
