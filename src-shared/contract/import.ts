import { z } from 'zod';
import { channel, JobProgress, ProjectRef } from './channel';
import { ColumnType, TenureUnit } from '../domain/columns';
import { DatasetKind, ImportMode, RoleMapping } from '../domain/datasets';
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
  /** With a project, the response says how a file of the same shape was imported into it before. */
  project: ProjectRef.optional(),
  /** The kind the user chose; without it the kind is guessed from the columns. */
  kind: DatasetKind.optional(),
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
    /** Title rows above the header (non-blank rows; 0 when the table starts at the top). */
    skipRows: Guess(z.number().int().min(0)),
    /** The worksheet read; null for a text file. */
    sheet: Guess(z.string().nullable()),
  }),
  columns: z.array(InspectedColumn),
  preview: z.array(z.object({ line: z.number().int().positive(), values: z.array(z.string()) })),
  /** Data rows the type guess looked at, and whether that was the whole file. */
  sampledRows: z.number().int().nonnegative(),
  sampleIsWholeFile: z.boolean(),
  /** Text file or XLSX workbook; for a workbook, its sheets in order (options.sheet is the one read). */
  format: z.enum(['text', 'xlsx']),
  sheets: z.array(z.string()),
  /** The kind asked for, or guessed from the column names. */
  kind: Guess(DatasetKind),
  /** Suggested role → column for that kind. */
  suggestedMapping: RoleMapping,
  /** The last import into this project of a file with the same columns, to repeat in one click. */
  remembered: z
    .object({
      importId: z.number().int().positive(),
      fileName: z.string(),
      importedAt: z.string(),
      settings: z.lazy(() => ImportSettings),
    })
    .nullable(),
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
  /** A required role (date, amount, type…) is empty. */
  'missing_value',
  'negative_amount',
  'score_out_of_range',
  /** A customer id the project's customer table does not have. */
  'unknown_customer',
  /** The same row (every field equal) appeared earlier in the file. */
  'duplicate_row',
  /** The header line again, in the middle of the file (concatenated exports). */
  'repeated_header',
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

/** Everything that says how a file is imported, apart from which file and which project. */
export const ImportSettings = z.object({
  kind: DatasetKind,
  /** role → column name; the roles allowed depend on the kind (datasetRoles). */
  mapping: RoleMapping,
  options: ParseOptions.partial().optional(),
  /** Type overrides by column name; other columns get the type inferred over the whole file. */
  types: z.record(z.string(), ColumnType).optional(),
  /** Columns to leave out of the project. */
  ignore: z.array(z.string()).optional(),
  /** Raw values of the churned column that mean "churned", for columns that are not yes/no-like (e.g. "2"). */
  churnedValues: z.array(z.string()).optional(),
  tenureUnit: TenureUnit.optional(),
  /**
   * Rows equal in every field to an earlier row of the file: rejected as duplicate_row (default), or
   * kept when the data has genuine repeats (CDNOW lists two identical purchases on one day as two rows).
   */
  duplicateRows: z.enum(['reject', 'keep']).optional(),
});
export type ImportSettings = z.infer<typeof ImportSettings>;

export const ImportRequest = ImportSettings.extend({
  project: ProjectRef,
  path: z.string().min(1),
  /** replace: the dataset becomes this file's rows; append: they are added to it. */
  mode: ImportMode.default('replace'),
  /** Append a file whose exact bytes are already in the dataset (refused otherwise: it would double it). */
  allowRepeat: z.boolean().default(false),
  /** Validate the whole file and report exactly what an import would do, without changing the project. */
  dryRun: z.boolean().default(false),
});
export type ImportRequest = z.input<typeof ImportRequest>;

export const ImportedColumn = z.object({
  name: z.string(),
  type: ColumnType,
  /** A role of the kind, 'attribute' or 'ignore'. */
  role: z.string(),
  unit: TenureUnit.optional(),
  missing: z.number().int().nonnegative(),
});
export type ImportedColumn = z.infer<typeof ImportedColumn>;

export const ImportReport = z.object({
  importId: z.number().int().positive().nullable(),
  kind: DatasetKind,
  mode: ImportMode,
  dryRun: z.boolean(),
  file: FileInfo.extend({ sha256: z.string() }),
  options: ParseOptions,
  rowsRead: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  /** Rows of the dataset that this import replaced (0 when appending). */
  replaced: z.number().int().nonnegative(),
  rejectedCount: z.number().int().nonnegative(),
  /** Every rejected row, up to 10,000 (rejectedTruncated says when there were more). */
  rejected: z.array(RejectedRow),
  rejectedTruncated: z.boolean(),
  /**
   * Every rejected row (its fields and the reason) as CSV, to fetch with import.rejectedCsv; null if none.
   * Kept 7 days. Also in the details of a NOTHING_IMPORTED error (`details.rejectedCsv`).
   */
  rejectedCsv: z.string().nullable(),
  rejectionSummary: z.array(
    z.object({ code: RejectionCode, count: z.number().int().positive(), exampleLines: z.array(z.number()) }),
  ),
  columns: z.array(ImportedColumn),
  /** How the churned column's raw values were read. */
  churnedValues: z.object({ churned: z.array(z.string()), active: z.array(z.string()) }).optional(),
  durationMs: z.number().nonnegative(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportState = z.enum(['active', 'undone', 'replaced']);

export const ImportHistoryEntry = z.object({
  id: z.number().int().positive(),
  kind: DatasetKind,
  mode: ImportMode,
  fileName: z.string(),
  filePath: z.string(),
  sha256: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  rowsRead: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  state: ImportState,
  /** Only the latest active import of a dataset can be undone (undo goes back step by step). */
  undoable: z.boolean(),
  /** Why not, in words, when it cannot be undone. */
  notUndoableReason: z.string().nullable(),
});
export type ImportHistoryEntry = z.infer<typeof ImportHistoryEntry>;

export const DatasetSummary = z.object({
  kind: DatasetKind,
  rows: z.number().int().nonnegative(),
  /** Distinct customer ids in the dataset. */
  customers: z.number().int().nonnegative(),
  activeImports: z.number().int().nonnegative(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

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
  history: channel({
    summary: 'Every import made into a project, newest first, and what each dataset holds now.',
    request: z.object({ project: ProjectRef }),
    response: z.object({ imports: z.array(ImportHistoryEntry), datasets: z.array(DatasetSummary) }),
  }),
  undo: channel({
    summary: "Undo a dataset's latest import: its rows go, and what it replaced comes back.",
    request: z.object({ project: ProjectRef, importId: z.number().int().positive() }),
    response: z.object({ imports: z.array(ImportHistoryEntry), datasets: z.array(DatasetSummary) }),
    progress: JobProgress,
  }),
  rejectedCsv: channel({
    summary:
      'The rejected rows of an import (or dry run) as CSV (UTF-8 with BOM): line, problem, column, value, reason, then the row as read.',
    request: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) }),
    response: z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int().nonnegative() }),
  }),
};
