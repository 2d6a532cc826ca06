import type { RiskMetrics, ThresholdRow } from '@shared/contract/risk';
import type { EChartsCoreOption } from '../../charts/echarts';
import { bottomLegend, chartBase, tooltipHtml } from '../../charts/option-parts';
import { axisStyle, chartTheme, seriesPalette, tooltipBox } from '../../charts/theme';
import { formatAuc, formatProbability } from './risk-model';

/** ECharts options of the Risk section's validation and explanation charts (pure: tested without a DOM). */

type Curves = RiskMetrics['curves'];

const pct = (value: number) => `${Math.round(value * 100)}%`;

function unitAxis(name: string, nameGap = 30) {
  return {
    type: 'value' as const,
    min: 0,
    max: 1,
    interval: 0.2,
    ...axisStyle(name, nameGap),
    axisLabel: { color: chartTheme.muted, formatter: pct },
  };
}

/** A dashed reference line from (x0, y0) to (x1, y1), e.g. "no better than chance". */
function referenceLine(name: string, from: [number, number], to: [number, number]) {
  return {
    type: 'line',
    name,
    data: [from, to],
    symbol: 'none',
    silent: true,
    lineStyle: { color: chartTheme.axis, type: 'dashed', width: 1.2 },
    itemStyle: { color: chartTheme.axis },
    tooltip: { show: false },
    z: 1,
  };
}

interface TooltipParam {
  seriesName?: string;
  data?: unknown;
}

function pointOf(param: TooltipParam): number[] {
  return Array.isArray(param.data) ? (param.data as number[]) : [];
}

/** "At a score of 0.412 or more", when the point has a finite threshold. */
function atScore(threshold: number | undefined): string[] {
  return threshold !== undefined && Number.isFinite(threshold)
    ? [`At a score of ${threshold.toFixed(3)} or more`]
    : [];
}

/** A chart of points on two unit axes with a legend below (ROC, precision–recall, calibration). */
function unitCurvesOption(
  title: string,
  subtext: string,
  axes: { x: string; y: string },
  formatter: (param: TooltipParam) => string,
  series: unknown[],
): EChartsCoreOption {
  return {
    ...chartBase(title, subtext),
    grid: { left: 64, right: 24, top: 86, bottom: 84 },
    legend: bottomLegend,
    tooltip: { trigger: 'item', ...tooltipBox, formatter },
    xAxis: unitAxis(axes.x),
    yAxis: unitAxis(axes.y, 44),
    series,
  };
}

/** The model's curve in one colour, drawn over the reference line. */
function modelLine(name: string, data: unknown[], color: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'line',
    name,
    data,
    showSymbol: false,
    ...extra,
    lineStyle: { width: 2, color },
    itemStyle: { color },
    z: 3,
  };
}

/** ROC curves of one or more models (out-of-fold predictions), with the chance diagonal. */
export function rocOption(
  models: readonly { name: string; auc: number | null; roc: Curves['roc'] }[],
  title: string,
  subtext: string,
): EChartsCoreOption {
  return unitCurvesOption(
    title,
    subtext,
    { x: 'False positive rate (stayers flagged)', y: 'True positive rate (churners caught)' },
    (param) => {
      const [fpr = 0, tpr = 0, threshold] = pointOf(param);
      return tooltipHtml(param.seriesName ?? '', [
        `Churners caught (true positive rate): ${formatProbability(tpr)}`,
        `Stayers flagged (false positive rate): ${formatProbability(fpr)}`,
        ...atScore(threshold),
      ]);
    },
    [
      ...models.map((model, index) =>
        modelLine(
          `${model.name} (AUC ${formatAuc(model.auc)})`,
          model.roc.map((p) => [p.fpr, p.tpr, p.threshold ?? Number.NaN]),
          seriesPalette[index % seriesPalette.length]!,
          { symbolSize: 4 },
        ),
      ),
      referenceLine('Chance', [0, 0], [1, 1]),
    ],
  );
}

/** Precision against recall, with the base rate (what random targeting gets) as a reference. */
export function prOption(
  pr: Curves['pr'],
  baseRate: number,
  title: string,
  subtext: string,
): EChartsCoreOption {
  return unitCurvesOption(
    title,
    subtext,
    { x: 'Recall (share of churners caught)', y: 'Precision (flagged who churn)' },
    (param) => {
      const [recall = 0, precision = 0, threshold] = pointOf(param);
      return tooltipHtml('Precision–recall', [
        `Churners caught (recall): ${formatProbability(recall)}`,
        `Flagged who do churn (precision): ${formatProbability(precision)}`,
        ...atScore(threshold),
      ]);
    },
    [
      modelLine(
        'Model',
        pr.map((p) => [p.recall, p.precision, p.threshold ?? Number.NaN]),
        chartTheme.base,
      ),
      referenceLine(
        `Random targeting (base rate ${formatProbability(baseRate)})`,
        [0, baseRate],
        [1, baseRate],
      ),
    ],
  );
}

/** Cumulative gains by decile of predicted risk, with the lift as a second axis. */
export function gainsOption(gains: Curves['gains'], title: string, subtext: string): EChartsCoreOption {
  const points = gains.filter((g) => g.captured !== null);
  return {
    ...chartBase(title, subtext),
    grid: { left: 64, right: 64, top: 86, bottom: 84 },
    legend: bottomLegend,
    tooltip: {
      trigger: 'axis',
      ...tooltipBox,
      formatter: (params: TooltipParam[]) => {
        const first = params[0];
        const [targeted = 0] = first ? pointOf(first) : [];
        const g = gains.find((row) => Math.abs(row.targeted - targeted) < 1e-9);
        if (!g) return '';
        return tooltipHtml(
          `Top ${pct(g.targeted)} by risk (${g.customers.toLocaleString('en-US')} customers)`,
          [
            `Churners caught: ${g.captured === null ? '—' : formatProbability(g.captured)}`,
            `Lift: ${g.lift === null ? '—' : `${g.lift.toFixed(2)}× random`}`,
          ],
        );
      },
    },
    xAxis: { ...unitAxis('Customers targeted, highest risk first'), interval: 0.1 },
    yAxis: [
      unitAxis('Churners caught (cumulative)', 44),
      {
        type: 'value',
        min: 0,
        ...axisStyle('Lift (× random)', 40),
        splitLine: { show: false },
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${v}×` },
      },
    ],
    series: [
      {
        type: 'line',
        name: 'Cumulative gains',
        data: [[0, 0], ...points.map((g) => [g.targeted, g.captured ?? 0])],
        symbolSize: 6,
        lineStyle: { width: 2, color: chartTheme.base },
        itemStyle: { color: chartTheme.base },
        z: 3,
      },
      {
        type: 'bar',
        name: 'Lift',
        yAxisIndex: 1,
        barWidth: 10,
        data: gains.filter((g) => g.lift !== null).map((g) => [g.targeted, g.lift]),
        itemStyle: { color: 'rgba(200, 85, 61, 0.55)' },
        z: 2,
      },
      { ...referenceLine('Random targeting', [0, 0], [1, 1]), tooltip: undefined },
    ],
  };
}

/** Predicted against observed churn in ten bins of predicted probability; the diagonal is perfect calibration. */
export function calibrationOption(
  calibration: Curves['calibration'],
  title: string,
  subtext: string,
): EChartsCoreOption {
  const maxCount = Math.max(1, ...calibration.map((c) => c.count));
  return unitCurvesOption(
    title,
    subtext,
    { x: 'Predicted churn probability (bin mean)', y: 'Observed churn rate' },
    (param) => {
      const [predicted = 0, observed = 0, count = 0] = pointOf(param);
      return tooltipHtml(`Predicted ${formatProbability(predicted)} on average`, [
        `Observed churn: ${formatProbability(observed)}`,
        `${count.toLocaleString('en-US')} customers in this bin`,
      ]);
    },
    [
      modelLine(
        'Model',
        calibration.map((c) => [c.predicted, c.observed, c.count]),
        chartTheme.base,
        {
          showSymbol: true,
          symbolSize: (value: number[]) => 5 + 11 * Math.sqrt((value[2] ?? 0) / maxCount),
        },
      ),
      referenceLine('Perfectly calibrated', [0, 0], [1, 1]),
    ],
  );
}

export interface ImportanceBar {
  label: string;
  value: number;
  /** Permutation importance (drop in AUC), when known. */
  permutation?: { mean: number; sd: number };
}

export function importanceHeight(bars: number): number {
  return 140 + bars * 26;
}

/** Horizontal bars, largest on top: mean |SHAP| (trees) or |coefficient × SD| style values. */
export function importanceOption(
  bars: readonly ImportanceBar[],
  title: string,
  subtext: string,
  axisName: string,
): EChartsCoreOption {
  const sorted = [...bars].sort((a, b) => b.value - a.value);
  const hasPermutation = sorted.some((bar) => bar.permutation);
  const longest = Math.max(8, ...sorted.map((bar) => bar.label.length));
  return {
    ...chartBase(title, subtext),
    grid: { left: 16, right: 40, top: 86, bottom: hasPermutation ? 60 : 44, containLabel: true },
    legend: hasPermutation ? bottomLegend : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      ...tooltipBox,
      formatter: (params: { dataIndex: number }[]) => {
        const bar = sorted[params[0]?.dataIndex ?? -1];
        if (!bar) return '';
        return tooltipHtml(bar.label, [
          `${axisName}: ${bar.value.toFixed(3)}`,
          ...(bar.permutation
            ? [
                `Permutation importance: ${bar.permutation.mean.toFixed(3)} ± ${bar.permutation.sd.toFixed(3)} AUC`,
              ]
            : []),
        ]);
      },
    },
    xAxis: { type: 'value', min: 0, ...axisStyle(axisName, 28) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.map((bar) => bar.label),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: chartTheme.axis } },
      axisLabel: {
        color: chartTheme.text,
        fontSize: 12.5,
        width: Math.min(260, Math.max(90, (longest + 4) * 7)),
        overflow: 'truncate',
      },
    },
    series: [
      {
        type: 'bar',
        name: axisName,
        data: sorted.map((bar) => bar.value),
        barMaxWidth: 16,
        itemStyle: { color: chartTheme.base },
      },
      ...(hasPermutation
        ? [
            {
              type: 'bar',
              name: 'Permutation importance (drop in AUC)',
              data: sorted.map((bar) => bar.permutation?.mean ?? 0),
              barMaxWidth: 16,
              itemStyle: { color: chartTheme.churnBelowBase },
            },
          ]
        : []),
    ],
  };
}

/** Expected value of the retention campaign when every score ≥ threshold is contacted; the best marked. */
export function expectedValueOption(
  rows: readonly ThresholdRow[],
  best: ThresholdRow | undefined,
  title: string,
  subtext: string,
): EChartsCoreOption {
  const money = (value: number) => Math.round(value).toLocaleString('en-US');
  return {
    ...chartBase(title, subtext),
    grid: { left: 80, right: 24, top: 86, bottom: 84 },
    legend: bottomLegend,
    tooltip: {
      trigger: 'axis',
      ...tooltipBox,
      formatter: (params: TooltipParam[]) => {
        const first = params[0];
        const [threshold = 0] = first ? pointOf(first) : [];
        const row = rows.find((r) => Math.abs(r.threshold - threshold) < 1e-9);
        if (!row) return '';
        return tooltipHtml(`Contact every score ≥ ${row.threshold.toFixed(2)}`, [
          `Expected value: ${money(row.expectedValue)}`,
          `${row.targeted.toLocaleString('en-US')} contacted: ${row.truePositives.toLocaleString('en-US')} churners, ${row.falsePositives.toLocaleString('en-US')} who would stay`,
          `${row.falseNegatives.toLocaleString('en-US')} churners missed`,
        ]);
      },
    },
    xAxis: { ...unitAxis('Score threshold (contact everyone at or above)'), interval: 0.1 },
    yAxis: {
      type: 'value',
      ...axisStyle('Expected value (currency)', 60),
      axisLabel: { color: chartTheme.muted, formatter: money },
    },
    series: [
      {
        type: 'line',
        name: 'Expected value of the campaign',
        data: rows.map((r) => [r.threshold, r.expectedValue]),
        symbolSize: 5,
        lineStyle: { width: 2, color: chartTheme.base },
        itemStyle: { color: chartTheme.base },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: chartTheme.axis, type: 'dashed' },
          label: { show: false },
          data: [{ yAxis: 0 }],
        },
      },
      ...(best
        ? [
            {
              type: 'scatter',
              name: `Best: ${best.threshold.toFixed(3)} (${money(best.expectedValue)})`,
              data: [[best.threshold, best.expectedValue]],
              symbolSize: 12,
              itemStyle: { color: chartTheme.churn },
              z: 4,
            },
          ]
        : []),
    ],
  };
}
