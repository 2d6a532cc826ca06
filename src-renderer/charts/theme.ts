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
};
