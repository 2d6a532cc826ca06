import { z } from 'zod';

/** Text encodings the importer reads. Detection picks one; the user can always override it. */
export const Encoding = z.enum([
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1257',
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-15',
]);
export type Encoding = z.infer<typeof Encoding>;

export const DecimalSeparator = z.enum(['.', ',']);
export type DecimalSeparator = z.infer<typeof DecimalSeparator>;

/** Order of day, month and year in dates written with / . or - separators that are not ISO. */
export const DateOrder = z.enum(['ymd', 'dmy', 'mdy']);
export type DateOrder = z.infer<typeof DateOrder>;

/** How a delimited text file is read. Every field has an automatic guess the user can override. */
export const ParseOptions = z.object({
  encoding: Encoding,
  delimiter: z.string().length(1),
  quote: z.string().length(1),
  hasHeader: z.boolean(),
  /** Decimal separator of numbers: "1234.5" vs "1234,5". Thousands separators are the other of . and , (or space). */
  decimal: DecimalSeparator,
  dateOrder: DateOrder,
  /** Values that mean "missing" (compared after trimming; case-sensitive). The empty string always is. */
  missing: z.array(z.string()),
  /** Rows above the header to skip (title lines of a report export). Blank lines are not counted. */
  skipRows: z.number().int().min(0).max(10_000),
  /** The worksheet of an XLSX workbook (null for text files, or the first sheet). */
  sheet: z.string().nullable(),
});
export type ParseOptions = z.infer<typeof ParseOptions>;

export const defaultMissingTokens = ['NA', 'N/A', 'n/a', 'NULL', 'null', '#N/A', 'NaN', '-'];
