import * as chardet from 'chardet';
import iconv from 'iconv-lite';
import type { Encoding } from '@shared/domain/parse-options';

export interface EncodingGuess {
  encoding: Encoding;
  /** Bytes of byte-order mark at the start of the file (the decoder drops them). */
  bomLength: number;
  /** Why, in a sentence the wizard can show. */
  reason: string;
}

/** What people call each code page; used in reasons and warnings. */
export const encodingLabels: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 little-endian',
  'utf-16be': 'UTF-16 big-endian',
  'windows-1250': 'Central European (windows-1250)',
  'windows-1251': 'Cyrillic (windows-1251)',
  'windows-1252': 'Western European (windows-1252)',
  'windows-1253': 'Greek (windows-1253)',
  'windows-1254': 'Turkish (windows-1254)',
  'windows-1257': 'Baltic (windows-1257)',
  'iso-8859-1': 'Western European (ISO-8859-1)',
  'iso-8859-2': 'Central European (ISO-8859-2)',
  'iso-8859-15': 'Western European with € (ISO-8859-15)',
};

/**
 * Guesses the encoding of a file from its first bytes:
 * 1. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
 * 2. UTF-16 without a mark shows as a zero byte in every other position (ASCII characters have a zero
 *    high byte), on the odd positions for little-endian and the even ones for big-endian;
 * 3. bytes that are valid UTF-8 are UTF-8 (plain ASCII included: UTF-8 reads it unchanged); a
 *    multi-byte character cut off by the end of the sample does not count against it;
 * 4. anything else is a single-byte code page; see `guessSingleByte`.
 */
export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3, reason: 'starts with a UTF-8 byte-order mark' };
  }
  if (head[0] === 0xff && head[1] === 0xfe) {
    return {
      encoding: 'utf-16le',
      bomLength: 2,
      reason: 'starts with a UTF-16 little-endian byte-order mark',
    };
  }
  if (head[0] === 0xfe && head[1] === 0xff) {
    return { encoding: 'utf-16be', bomLength: 2, reason: 'starts with a UTF-16 big-endian byte-order mark' };
  }
  const utf16 = utf16WithoutBom(head);
  if (utf16 !== null) {
    const side = utf16 === 'utf-16le' ? 'second' : 'first';
    return {
      encoding: utf16,
      bomLength: 0,
      reason: `no byte-order mark, but the ${side} byte of most character pairs is zero, as in ${encodingLabels[utf16]} text`,
    };
  }
  const utf8 = checkUtf8(head);
  if (utf8.valid) {
    return {
      encoding: 'utf-8',
      bomLength: 0,
      reason: utf8.ascii
        ? 'only plain ASCII characters, which UTF-8 reads unchanged'
        : 'valid UTF-8, with accented or other non-ASCII characters',
    };
  }
  const single = guessSingleByte(head);
  return {
    encoding: single,
    bomLength: 0,
    reason: `not valid UTF-8; byte pattern looks like ${encodingLabels[single]}`,
  };
}

/** A streaming decoder for one encoding; it drops a byte-order mark at the start. */
export interface TextDecoderStream {
  write(bytes: Uint8Array): string;
  end(): string;
}

export function createDecoder(encoding: Encoding): TextDecoderStream {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  return {
    write: (bytes) =>
      decoder.write(
        Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      ),
    end: () => decoder.end() ?? '',
  };
}

/** Decodes a whole sample at once (BOM dropped). */
export function decodeSample(bytes: Uint8Array, encoding: Encoding): string {
  const decoder = createDecoder(encoding);
  return decoder.write(bytes) + decoder.end();
}

function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(head.length, 8192) / 2);
  if (pairs < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven += 1;
    if (head[2 * i + 1] === 0) zeroOdd += 1;
  }
  // Mostly-ASCII text has a zero high byte in nearly every pair; text in other scripts still has
  // ASCII digits, delimiters and line breaks. Binary data has zeros on both sides.
  if (zeroOdd >= pairs * 0.3 && zeroEven <= pairs * 0.02) return 'utf-16le';
  if (zeroEven >= pairs * 0.3 && zeroOdd <= pairs * 0.02) return 'utf-16be';
  return null;
}

export interface Utf8Check {
  valid: boolean;
  ascii: boolean;
  /** 0-based offset of the first byte that breaks UTF-8 (-1 when valid). */
  firstInvalid: number;
}

/**
 * Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). A sequence cut
 * off by the end of `bytes` is accepted: the sample is usually the head of a longer file.
 */
export function checkUtf8(bytes: Uint8Array): Utf8Check {
  const n = bytes.length;
  let ascii = true;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    ascii = false;
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) {
      need = 2;
      low = 0xa0;
    } else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2;
    else if (b === 0xed) {
      need = 2;
      high = 0x9f;
    } else if (b === 0xf0) {
      need = 3;
      low = 0x90;
    } else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else if (b === 0xf4) {
      need = 3;
      high = 0x8f;
    } else return { valid: false, ascii, firstInvalid: i };
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return { valid: true, ascii, firstInvalid: -1 };
      const c = bytes[i + k] as number;
      const lo = k === 1 ? low : 0x80;
      const hi = k === 1 ? high : 0xbf;
      if (c < lo || c > hi) return { valid: false, ascii, firstInvalid: i };
    }
    i += need + 1;
  }
  return { valid: true, ascii, firstInvalid: -1 };
}

/** Single-byte code pages we can pick from, in the order used when nothing else separates them. */
const singleByteCandidates: readonly Encoding[] = [
  'windows-1252',
  'windows-1250',
  'windows-1251',
  'windows-1254',
  'windows-1257',
  'windows-1253',
  'iso-8859-2',
  'iso-8859-15',
];

/** chardet's names for the code pages we read. ISO-8859-1 is read as windows-1252, its superset. */
const chardetNames: Record<string, Encoding> = {
  'windows-1250': 'windows-1250',
  'windows-1251': 'windows-1251',
  'windows-1252': 'windows-1252',
  'windows-1253': 'windows-1253',
  'windows-1254': 'windows-1254',
  'windows-1257': 'windows-1257',
  'ISO-8859-1': 'windows-1252',
  'ISO-8859-2': 'iso-8859-2',
  'ISO-8859-7': 'windows-1253',
  'ISO-8859-9': 'windows-1254',
  'ISO-8859-15': 'iso-8859-15',
};

const enum CharClass {
  Invalid = 0,
  Upper = 1,
  Lower = 2,
  Symbol = 3,
  Space = 4,
}

interface CodePageTable {
  encoding: Encoding;
  /** Class of each byte 0x80–0xFF (index byte − 0x80). */
  classes: Uint8Array;
  /** Whether its letters are of a non-Latin script (Cyrillic, Greek), which writes whole words in high bytes. */
  nonLatin: boolean;
}

const upperPattern = /^\p{Lu}$/u;
const letterPattern = /^\p{L}$/u;
const nonLatinPattern = /^[\p{Script=Cyrillic}\p{Script=Greek}]$/u;

/** Built once: how each high byte reads in each candidate code page. */
const codePageTables: CodePageTable[] = singleByteCandidates.map((encoding) => {
  const classes = new Uint8Array(128);
  let nonLatinLetters = 0;
  for (let b = 0x80; b <= 0xff; b++) {
    const ch = iconv.decode(Buffer.from([b]), encoding);
    const code = ch.charCodeAt(0);
    let cls: CharClass;
    // U+0080–U+009F are the C1 controls the ISO pages put there; windows-125x pages put quotes,
    // dashes and € there instead, and leave a few bytes undefined (iconv gives U+FFFD).
    if (ch.length !== 1 || ch === '\ufffd' || code < 0xa0) cls = CharClass.Invalid;
    else if (code === 0xa0 || code === 0xad) cls = CharClass.Space;
    else if (upperPattern.test(ch)) cls = CharClass.Upper;
    else if (letterPattern.test(ch)) cls = CharClass.Lower;
    else cls = CharClass.Symbol;
    if ((cls === CharClass.Upper || cls === CharClass.Lower) && nonLatinPattern.test(ch))
      nonLatinLetters += 1;
    classes[b - 0x80] = cls;
  }
  return { encoding, classes, nonLatin: nonLatinLetters > 20 };
});

/**
 * Chooses a single-byte code page for bytes that are not UTF-8.
 *
 * chardet alone is unreliable on the short samples CSV files give (it reads "Łódź" in windows-1250 as
 * windows-1252 "£ódŸ"). So every candidate first gets a plausibility score from how the high bytes
 * read in it: a letter next to letters scores, a byte the code page does not define costs a lot, a
 * symbol inside a word ("by³") or an upper-case letter after a lower-case one ("jaŸ") costs, and runs
 * of several high-byte letters favour Cyrillic/Greek pages (Latin text has isolated accents). Among the
 * candidates that score (about) best, chardet's ranking decides, then the order of `singleByteCandidates`
 * (windows-1252 first: where pages agree on every byte seen, which one is chosen does not matter).
 */
export function guessSingleByte(head: Uint8Array): Encoding {
  const scores = codePageTables.map((table) => plausibility(head, table));
  const best = Math.max(...scores);
  let highBytes = 0;
  for (let i = 0; i < head.length; i++) if ((head[i] as number) >= 0x80) highBytes += 1;
  const tolerance = Math.max(1, highBytes * 0.02);
  const plausible = new Set(
    codePageTables.filter((_, i) => (scores[i] as number) >= best - tolerance).map((t) => t.encoding),
  );
  // chardet often gives several pages the same confidence; then our candidate order decides.
  const rank = (encoding: Encoding): number => singleByteCandidates.indexOf(encoding);
  const ranked = chardet
    .analyse(head)
    .flatMap((match) => {
      const encoding = chardetNames[match.name];
      return encoding === undefined ? [] : [{ encoding, confidence: match.confidence }];
    })
    .sort((a, b) => b.confidence - a.confidence || rank(a.encoding) - rank(b.encoding));
  const chosen =
    ranked.find(({ encoding }) => plausible.has(encoding))?.encoding ??
    singleByteCandidates.find((encoding) => plausible.has(encoding)) ??
    'windows-1252';
  // Pages that read every high byte of the sample the same way are indistinguishable; name the common
  // one (a German export without ğ/ş/ı is Western, not Turkish, whatever chardet ranked first).
  const common = singleByteCandidates.find(
    (encoding) => plausible.has(encoding) && decodesAlike(head, encoding, chosen),
  );
  return common ?? chosen;
}

/** Whether two code pages read every high byte present in `bytes` as the same character. */
function decodesAlike(bytes: Uint8Array, a: Encoding, b: Encoding): boolean {
  if (a === b) return true;
  const seen = new Set<number>();
  for (const byte of bytes) if (byte >= 0x80) seen.add(byte);
  const high = Buffer.from([...seen]);
  return iconv.decode(high, a) === iconv.decode(high, b);
}

function isAsciiLetter(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

function isAsciiLower(b: number): boolean {
  return b >= 0x61 && b <= 0x7a;
}

function plausibility(bytes: Uint8Array, table: CodePageTable): number {
  const classes = table.classes;
  const classOf = (b: number): number => (b >= 0x80 ? (classes[b - 0x80] as number) : -1);
  const isLetter = (b: number | undefined): boolean => {
    if (b === undefined) return false;
    if (b < 0x80) return isAsciiLetter(b);
    const c = classes[b - 0x80];
    return c === CharClass.Upper || c === CharClass.Lower;
  };
  const isLower = (b: number | undefined): boolean =>
    b !== undefined && (b < 0x80 ? isAsciiLower(b) : classes[b - 0x80] === CharClass.Lower);
  let score = 0;
  let run = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      run = 0;
      continue;
    }
    const cls = classOf(b);
    const before = i > 0 ? bytes[i - 1] : undefined;
    const after = i + 1 < bytes.length ? bytes[i + 1] : undefined;
    if (cls === CharClass.Invalid) {
      score -= 5;
      run = 0;
    } else if (cls === CharClass.Upper || cls === CharClass.Lower) {
      score += 1;
      if (isLetter(before) || isLetter(after)) score += 1;
      if (cls === CharClass.Upper && isLower(before)) score -= 2;
      run += 1;
      if (run >= 3) score += table.nonLatin ? 1 : -1;
    } else if (cls === CharClass.Symbol) {
      const beside = (isLetter(before) ? 1 : 0) + (isLetter(after) ? 1 : 0);
      score -= beside === 2 ? 3 : beside;
      run = 0;
    } else {
      run = 0;
    }
  }
  return score;
}

/** Where the head of a file shows it is not text, and what it probably is. */
export interface BinaryContent {
  /** 0-based offset of the first offending byte. */
  offset: number;
  problem: string;
  looksLike?: string;
}

/** Control characters text files do contain: tab, LF, form feed, CR, the DOS end-of-file mark, ESC. */
const allowedControls = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1a, 0x1b]);

const signatures: { bytes: number[]; looksLike: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], looksLike: 'a ZIP archive (an Excel .xlsx workbook is one)' },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    looksLike: 'an old Excel .xls (or other Office) file',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], looksLike: 'a PDF document' },
  { bytes: [0x1f, 0x8b], looksLike: 'a gzip-compressed file' },
  { bytes: [...'SQLite format 3'].map((c) => c.charCodeAt(0)), looksLike: 'an SQLite database' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], looksLike: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], looksLike: 'a JPEG image' },
  { bytes: [0x50, 0x41, 0x52, 0x31], looksLike: 'a Parquet file' },
];

/**
 * Finds binary content in the head of a file read as `encoding`: a NUL character (text files never
 * contain one; in UTF-16 the zero bytes of ASCII characters are not NUL characters), or more control
 * characters than stray ones (tab, line breaks, form feed, ESC and the old DOS end-of-file mark 0x1A
 * are allowed). Returns null for text.
 */
export function findBinaryContent(
  head: Uint8Array,
  encoding: Encoding,
  bomLength: number,
): BinaryContent | null {
  const looksLike = signatures.find((s) => s.bytes.every((b, i) => head[i] === b))?.looksLike;
  const found = (offset: number, problem: string): BinaryContent => ({
    offset,
    problem,
    ...(looksLike ? { looksLike } : {}),
  });
  const wide = encoding === 'utf-16le' || encoding === 'utf-16be';
  const step = wide ? 2 : 1;
  const units = Math.floor((head.length - bomLength) / step);
  const unitAt = (u: number): number => {
    const at = bomLength + u * step;
    if (!wide) return head[at] as number;
    const first = head[at] as number;
    const second = head[at + 1] as number;
    return encoding === 'utf-16le' ? first | (second << 8) : (first << 8) | second;
  };
  const sample = head.length < 1024 ? `${head.length} bytes` : `${Math.round(head.length / 1024)} KiB`;
  const tolerated = Math.max(3, units * 0.001);
  let firstControl = -1;
  let controls = 0;
  // Random bytes read as UTF-16 have no NULs but many surrogates without their pair.
  let firstBroken = -1;
  let broken = 0;
  for (let u = 0; u < units; u++) {
    const code = unitAt(u);
    if (code === 0) {
      return found(
        bomLength + u * step,
        wide
          ? 'starts a NUL (zero) character, which text files do not contain'
          : 'is a NUL (zero) byte, which text files do not contain',
      );
    }
    const control = code < 0x20 ? !allowedControls.has(code) : code === 0x7f;
    if (control) {
      if (firstControl === -1) firstControl = bomLength + u * step;
      controls += 1;
    }
    if (wide && code >= 0xd800 && code <= 0xdfff) {
      const paired = code <= 0xdbff && u + 1 < units && unitAt(u + 1) >= 0xdc00 && unitAt(u + 1) <= 0xdfff;
      if (paired) u += 1;
      else if (code <= 0xdbff && u + 1 >= units) {
        // a pair cut off by the end of the sample
      } else {
        if (firstBroken === -1) firstBroken = bomLength + u * step;
        broken += 1;
      }
    }
  }
  if (controls > tolerated) {
    const what = wide
      ? 'a control character'
      : `a control character (0x${(head[firstControl] as number).toString(16).padStart(2, '0')})`;
    return found(
      firstControl,
      `is ${what}, one of ${controls.toLocaleString('en-US')} in the first ${sample}`,
    );
  }
  if (broken > tolerated) {
    return found(
      firstBroken,
      `starts a broken UTF-16 character, one of ${broken.toLocaleString('en-US')} in the first ${sample}`,
    );
  }
  return null;
}
