import { defaultMissingTokens, type ParseOptions } from '@shared/domain/parse-options';

/** Options of a plain UTF-8 comma-separated file with a header; tests override what they exercise. */
export function csvOptions(overrides: Partial<ParseOptions> = {}): ParseOptions {
  return {
    encoding: 'utf-8',
    delimiter: ',',
    quote: '"',
    hasHeader: true,
    decimal: '.',
    dateOrder: 'ymd',
    missing: [...defaultMissingTokens],
    skipRows: 0,
    sheet: null,
    ...overrides,
  };
}
