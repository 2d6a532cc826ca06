import type { InspectResponse } from '@shared/contract/import';
import { defaultMissingTokens, type Encoding, type ParseOptions } from '@shared/domain/parse-options';
import { chosenByYou, sniffDialect } from './dialect';
import { decodeSample, detectEncoding, encodingLabels, findBinaryContent } from './encoding';
import { assertDialect, fileEmpty, fileNotText, fileUnreadable, openForReading } from './file-errors';

/** Bytes of the file's start that detection looks at. */
export const headBytes = 256 * 1024;

export interface FileHead {
  bytes: Uint8Array;
  size: number;
}

/** Reads the first `limit` bytes of a file (and its size), as FILE_UNREADABLE on failure. */
export async function readHead(path: string, limit = headBytes): Promise<FileHead> {
  const { handle, size } = await openForReading(path);
  try {
    const bytes = Buffer.alloc(Math.min(limit, size));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size };
  } catch (error) {
    throw fileUnreadable(path, error);
  } finally {
    await handle.close();
  }
}

export interface DetectedParseOptions {
  /** The file's size in bytes (read with its head, so callers need not stat it again). */
  size: number;
  options: ParseOptions;
  detected: InspectResponse['detected'];
  warnings: string[];
}

/**
 * Guesses how to read a file from its first 256 KiB: encoding, then (on the decoded text) delimiter,
 * quote, header, decimal separator and date order. Anything in `overrides` wins over the guess (its
 * reason is "chosen by you") and the remaining guesses are made consistent with it (e.g. the header
 * guess uses the delimiter the user chose). Missing tokens default to `defaultMissingTokens`.
 *
 * Throws FILE_UNREADABLE, FILE_EMPTY (0 bytes, or only blank space / a BOM) and FILE_NOT_TEXT.
 */
export async function detectParseOptions(
  path: string,
  overrides: Partial<ParseOptions> = {},
): Promise<DetectedParseOptions> {
  if (overrides.delimiter !== undefined || overrides.quote !== undefined) {
    assertDialect(overrides.delimiter ?? ',', overrides.quote ?? '"');
  }
  const head = await readHead(path);
  if (head.size === 0) throw fileEmpty(path, 'zero bytes');
  const wholeFile = head.size <= head.bytes.length;

  const warnings: string[] = [];
  const guess = detectEncoding(head.bytes);
  const encoding: Encoding = overrides.encoding ?? guess.encoding;
  const bomLength = encoding === guess.encoding ? guess.bomLength : 0;
  const binary = findBinaryContent(head.bytes, encoding, bomLength);
  if (binary) {
    // Text read in the wrong (chosen) encoding can look binary: then the choice is wrong, not the file.
    if (
      encoding === guess.encoding ||
      findBinaryContent(head.bytes, guess.encoding, guess.bomLength) !== null
    ) {
      throw fileNotText(path, binary.offset, binary.problem, binary.looksLike);
    }
    warnings.push(
      `Read as ${encodingLabels[encoding]}, the file has characters no text contains (it reads as ${encodingLabels[guess.encoding]}); check the encoding.`,
    );
  }

  let text = decodeSample(head.bytes, encoding);
  if (!wholeFile) {
    // The sample ends mid-line (maybe mid-character); a cut-off last line would look ragged.
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak > 0) text = text.slice(0, lastBreak + 1);
  }
  if (text.trim() === '') {
    if (wholeFile) throw fileEmpty(path, 'only blank space');
    warnings.push('The first 256 KiB of the file are blank; the guesses below are defaults.');
  }
  if (text.includes('\ufffd')) {
    warnings.push(
      `Some bytes are not valid ${encodingLabels[encoding]} and show as "\ufffd"; if names look wrong, choose another encoding.`,
    );
  }

  const dialect = sniffDialect(text, {
    ...(overrides.delimiter !== undefined ? { delimiter: overrides.delimiter } : {}),
    ...(overrides.quote !== undefined ? { quote: overrides.quote } : {}),
    ...(overrides.hasHeader !== undefined ? { hasHeader: overrides.hasHeader } : {}),
    ...(overrides.decimal !== undefined ? { decimal: overrides.decimal } : {}),
    ...(overrides.dateOrder !== undefined ? { dateOrder: overrides.dateOrder } : {}),
  });
  warnings.push(...dialect.warnings);

  const options: ParseOptions = {
    encoding,
    delimiter: dialect.delimiter.value,
    quote: dialect.quote.value,
    hasHeader: dialect.hasHeader.value,
    decimal: dialect.decimal.value,
    dateOrder: dialect.dateOrder.value,
    missing: overrides.missing ?? [...defaultMissingTokens],
    skipRows: overrides.skipRows ?? 0,
    sheet: overrides.sheet ?? null,
  };
  const detected: InspectResponse['detected'] = {
    encoding:
      overrides.encoding !== undefined
        ? { value: encoding, reason: chosenByYou }
        : { value: guess.encoding, reason: guess.reason },
    delimiter: dialect.delimiter,
    hasHeader: dialect.hasHeader,
    decimal: dialect.decimal,
    dateOrder: dialect.dateOrder,
  };
  return { size: head.size, options, detected, warnings };
}
