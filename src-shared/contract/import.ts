import { z } from 'zod';
import { channel, JobProgress, ProjectRef } from './channel';
import { ColumnType, CustomerRole, TenureUnit } from '../domain/columns';
import { DateOrder, DecimalSeparator, Encoding, ParseOptions } from '../domain/parse-options';

export const FileInfo = z.object({
  path: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
});
export type FileInfo = z.infer<typeof FileInfo>;

/** A guess and the reason for it, so the wizard can show why it chose what it chose. */
const Guess = <T extends z.ZodType>(value: T) => z.object({ value, reason: z.string() });

export const InspectedColumn = z.object({
  index: z.number().int().nonnegative(),
  /** Header text (made unique: a second "x" becomes "x (2)"; no header gives "column 1"…). */
  name: z.string(),
  type: ColumnType,
  /** Why this type, e.g. "all 7032 values are decimals (11 missing)". */
  typeReason: z.string(),
  missing: z.number().int().nonnegative(),
  /** Distinct non-missing values in the sample, counted up to 1000. */
  distinct: z.number().int().nonnegative(),
  /** The most frequent values in the sample (at most 12), for flag and category columns. */
  topValues: z.array(z.object({ value: z.string(), count: z.number().int().positive() })),
});
export type InspectedColumn = z.infer<typeof InspectedColumn>;

export const CustomerMapping = z.object({
  id: z.string(),
  churned: z.string().optional(),
  tenure: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
});
export type CustomerMapping = z.infer<typeof CustomerMapping>;

export const InspectRequest = z.object({
  path: z.string().min(1),
  /** Overrides of the automatic guesses; anything not given is detected. */
  options: ParseOptions.partial().optional(),
  /** How many data rows to show (the type guess uses more). */
  previewRows: z.number().int().min(1).max(1000).default(100),
});

export const InspectResponse = z.object({
  file: FileInfo,
  options: ParseOptions,
  detected: z.object({
    encoding: Guess(Encoding),
    delimiter: Guess(z.string()),
    hasHeader: Guess(z.boolean()),
    decimal: Guess(DecimalSeparator),
    dateOrder: Guess(DateOrder),
  }),
  columns: z.array(InspectedColumn),
  preview: z.array(z.object({ line: z.number().int().positive(), values: z.array(z.string()) })),
  /** Data rows the type guess looked at, and whether that was the whole file. */
  sampledRows: z.number().int().nonnegative(),
  sampleIsWholeFile: z.boolean(),
  suggestedMapping: CustomerMapping.partial(),
  warnings: z.array(z.string()),
});
export type InspectResponse = z.infer<typeof InspectResponse>;

export const RejectionCode = z.enum([
  'ragged_row',
  'missing_id',
  'duplicate_id',
  'bad_value',
  'missing_churned',
  'unknown_churned_value',
  'end_before_start',
  'negative_tenure',
]);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const RejectedRow = z.object({
  line: z.number().int().positive(),
  code: RejectionCode,
  column: z.string().optional(),
  value: z.string().optional(),
  reason: z.string(),
});
export type RejectedRow = z.infer<typeof RejectedRow>;

export const ImportRequest = z.object({
  project: ProjectRef,
  path: z.string().min(1),
  kind: z.literal('customers'),
  options: ParseOptions.partial().optional(),
  mapping: CustomerMapping,
  /** Type overrides by column name; other columns get the type inferred over the whole file. */
  types: z.record(z.string(), ColumnType).optional(),
  /** Columns to leave out of the project. */
  ignore: z.array(z.string()).optional(),
  /** Raw values of the churned column that mean "churned", for columns that are not yes/no-like (e.g. "2"). */
  churnedValues: z.array(z.string()).optional(),
  tenureUnit: TenureUnit.optional(),
  /** Validate the whole file and report exactly what an import would do, without changing the project. */
  dryRun: z.boolean().default(false),
});
export type ImportRequest = z.input<typeof ImportRequest>;

export const ImportedColumn = z.object({
  name: z.string(),
  type: ColumnType,
  role: CustomerRole,
  unit: TenureUnit.optional(),
  missing: z.number().int().nonnegative(),
});
export type ImportedColumn = z.infer<typeof ImportedColumn>;

export const ImportReport = z.object({
  importId: z.number().int().positive().nullable(),
  dryRun: z.boolean(),
  file: FileInfo.extend({ sha256: z.string() }),
  options: ParseOptions,
  rowsRead: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  /** Customers of the previous customer table that this import replaced. */
  replaced: z.number().int().nonnegative(),
  rejectedCount: z.number().int().nonnegative(),
  /** Every rejected row, up to 10,000 (rejectedTruncated says when there were more). */
  rejected: z.array(RejectedRow),
  rejectedTruncated: z.boolean(),
  rejectionSummary: z.array(
    z.object({ code: RejectionCode, count: z.number().int().positive(), exampleLines: z.array(z.number()) }),
  ),
  columns: z.array(ImportedColumn),
  /** How the churned column's raw values were read. */
  churnedValues: z.object({ churned: z.array(z.string()), active: z.array(z.string()) }).optional(),
  durationMs: z.number().nonnegative(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const importChannels = {
  inspect: channel({
    summary: 'Detect encoding, delimiter, header and column types of a file and preview its first rows.',
    request: InspectRequest,
    response: InspectResponse,
  }),
  run: channel({
    summary: 'Import a file into a project in one transaction (or validate it with dryRun).',
    request: ImportRequest,
    response: ImportReport,
    progress: JobProgress,
  }),
};
