import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { ColumnType } from '../domain/columns';
import { DatasetKind } from '../domain/datasets';

export const ColumnQuality = z.object({
  name: z.string(),
  /** A role of the kind, or 'attribute'. */
  role: z.string(),
  type: ColumnType,
  missing: z.number().int().nonnegative(),
  missingShare: z.number().min(0).max(1),
  distinct: z.number().int().nonnegative(),
  /** Numbers: min, quartiles, max, mean. Dates: min and max (ISO). */
  summary: z
    .object({
      min: z.union([z.number(), z.string()]),
      max: z.union([z.number(), z.string()]),
      mean: z.number().nullable(),
      median: z.union([z.number(), z.string()]).nullable(),
    })
    .nullable(),
  /** A histogram (numbers, dates by month) or the most frequent values (categories, flags). */
  distribution: z.array(z.object({ label: z.string(), count: z.number().int().nonnegative() })),
});
export type ColumnQuality = z.infer<typeof ColumnQuality>;

export const QualityWarning = z.object({
  severity: z.enum(['info', 'warning', 'problem']),
  dataset: DatasetKind.nullable(),
  code: z.string(),
  message: z.string(),
  /** A few example customer ids or months, when the warning is about particular ones. */
  examples: z.array(z.string()),
});
export type QualityWarning = z.infer<typeof QualityWarning>;

export const DatasetQuality = z.object({
  kind: DatasetKind,
  rows: z.number().int().nonnegative(),
  customers: z.number().int().nonnegative(),
  /** Range of the dataset's main date (start, date, time). */
  dateRange: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** Rows per month over the date range, to see gaps. */
  rowsByMonth: z.array(z.object({ month: z.string(), rows: z.number().int().nonnegative() })),
  columns: z.array(ColumnQuality),
});
export type DatasetQuality = z.infer<typeof DatasetQuality>;

export const QualityReport = z.object({
  datasets: z.array(DatasetQuality),
  warnings: z.array(QualityWarning),
});
export type QualityReport = z.infer<typeof QualityReport>;

export const qualityChannels = {
  report: channel({
    summary:
      'Per dataset: rows, date range, missing share and distribution per column; warnings for churn analysis.',
    request: z.object({ project: ProjectRef }),
    response: QualityReport,
  }),
};
