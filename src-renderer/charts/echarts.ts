/**
 * The parts of ECharts Tenure uses, registered once. Importing from 'echarts/core' plus named charts and
 * components (instead of 'echarts') keeps the renderer bundle to what the charts need.
 */
import { BarChart } from 'echarts/charts';
import {
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// No AriaComponent: each chart's container carries its own aria-label, written for people (ECharts'
// generated description reads "the data for Two year is 2.83, 1").
echarts.use([
  BarChart,
  GridComponent,
  TooltipComponent,
  TitleComponent,
  MarkLineComponent,
  MarkAreaComponent,
  CanvasRenderer,
]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
