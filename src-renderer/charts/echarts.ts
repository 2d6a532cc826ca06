/**
 * The parts of ECharts Tenure uses, registered once. Importing from 'echarts/core' plus named charts and
 * components (instead of 'echarts') keeps the renderer bundle to what the charts need. The SVG renderer
 * is there for "Export as SVG" (a second, server-side-style render of the same option).
 */
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

// No AriaComponent: each chart's container carries its own aria-label, written for people (ECharts'
// generated description reads "the data for Two year is 2.83, 1").
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  HeatmapChart,
  CustomChart,
  GridComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  VisualMapComponent,
  MarkLineComponent,
  MarkAreaComponent,
  MarkPointComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
export type EChartsInstance = ReturnType<typeof echarts.init>;
