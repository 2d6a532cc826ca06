import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkUtf8, createDecoder, decodeSample, detectEncoding, findBinaryContent } from './encoding';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/import');
const fixture = (name: string): Uint8Array => readFileSync(join(fixtures, name));

describe('detectEncoding', () => {
  it('trusts a byte-order mark', () => {
    expect(detectEncoding(fixture('utf8-bom.csv'))).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
      reason: 'starts with a UTF-8 byte-order mark',
    });
    expect(detectEncoding(fixture('utf16le-bom.csv'))).toEqual({
      encoding: 'utf-16le',
      bomLength: 2,
      reason: 'starts with a UTF-16 little-endian byte-order mark',
    });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toMatchObject({
      encoding: 'utf-16be',
      bomLength: 2,
    });
  });

  it('recognises UTF-16 without a BOM from its zero bytes', () => {
    expect(detectEncoding(fixture('utf16le-nobom.csv'))).toEqual({
      encoding: 'utf-16le',
      bomLength: 0,
      reason:
        'no byte-order mark, but the second byte of most character pairs is zero, as in UTF-16 little-endian text',
    });
    expect(detectEncoding(fixture('utf16be-nobom.csv'))).toMatchObject({
      encoding: 'utf-16be',
      bomLength: 0,
    });
  });

  it('reads ASCII and valid UTF-8 as UTF-8', () => {
    expect(detectEncoding(Buffer.from('id,name\n1,Ann\n'))).toEqual({
      encoding: 'utf-8',
      bomLength: 0,
      reason: 'only plain ASCII characters, which UTF-8 reads unchanged',
    });
    expect(detectEncoding(Buffer.from('id,name\n1,Zoë\n'))).toEqual({
      encoding: 'utf-8',
      bomLength: 0,
      reason: 'valid UTF-8, with accented or other non-ASCII characters',
    });
  });

  it('does not hold a multi-byte character cut off by the end of the sample against UTF-8', () => {
    const bytes = Buffer.from('id,name\n1,Łódź');
    for (let cut = bytes.length - 1; cut > bytes.length - 4; cut--) {
      expect(detectEncoding(bytes.subarray(0, cut)).encoding).toBe('utf-8');
    }
  });

  it('chooses windows-1250 for Czech and Polish text', () => {
    expect(detectEncoding(fixture('windows-1250.csv'))).toEqual({
      encoding: 'windows-1250',
      bomLength: 0,
      reason: 'not valid UTF-8; byte pattern looks like Central European (windows-1250)',
    });
    // A single short name: chardet alone would say windows-1252 ("£ódŸ").
    expect(detectEncoding(iconv.encode('id,city\n1,Łódź\n', 'windows-1250')).encoding).toBe('windows-1250');
  });

  it('chooses windows-1252 for Western European text', () => {
    expect(detectEncoding(fixture('windows-1252.csv'))).toEqual({
      encoding: 'windows-1252',
      bomLength: 0,
      reason: 'not valid UTF-8; byte pattern looks like Western European (windows-1252)',
    });
    const typographic = iconv.encode('id,note\n1,“quoted” – Señor Núñez paid €5\n', 'windows-1252');
    expect(detectEncoding(typographic).encoding).toBe('windows-1252');
    // German text reads the same in windows-1254 (Turkish), which chardet may rank first: the common
    // Western page is named, since nothing in the sample tells the two apart.
    const products = ['Kaffeemühle', 'Teekanne', 'Müsli', 'Käse', 'Brötchen'];
    const rows = Array.from(
      { length: 40 },
      (_, i) =>
        `K${String(i * 7 + 1).padStart(4, '0')};0${1 + (i % 9)}.0${1 + (i % 9)}.2024;${5 + i},37;${1 + (i % 5)};${products[i % 5]}`,
    );
    const german = iconv.encode(
      `Kundennr;Bestelldatum;Betrag;Menge;Artikel\n${rows.join('\n')}\n`,
      'windows-1252',
    );
    expect(detectEncoding(german).encoding).toBe('windows-1252');
  });

  it('tells other single-byte pages apart on short samples', () => {
    const cases: [string, 'windows-1251' | 'windows-1253' | 'windows-1257' | 'iso-8859-2'][] = [
      ['id,name\n1,Иван Петров\n2,Мария\n', 'windows-1251'],
      ['id,name\n1,Γιώργος Παπαδόπουλος\n2,Αθήνα\n', 'windows-1253'],
      ['id,name\n1,Rīga Jūrmala\n2,Šiauliai Klaipėda Ąžuolas\n', 'windows-1257'],
      ['id;name;city\n1;Příliš žluťoučký kůň;Łódź\n2;Zażółć gęślą jaźń;Kraków\n', 'iso-8859-2'],
    ];
    for (const [text, encoding] of cases)
      expect(detectEncoding(iconv.encode(text, encoding)).encoding).toBe(encoding);
  });
});

describe('checkUtf8', () => {
  it('rejects overlong forms, surrogates and stray continuation bytes', () => {
    expect(checkUtf8(Buffer.from([0xc0, 0xaf])).valid).toBe(false);
    expect(checkUtf8(Buffer.from([0xed, 0xa0, 0x80])).valid).toBe(false);
    expect(checkUtf8(Buffer.from([0x61, 0x80])).firstInvalid).toBe(1);
    expect(checkUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80])).valid).toBe(false);
    expect(checkUtf8(Buffer.from('€𝄞', 'utf8'))).toEqual({ valid: true, ascii: false, firstInvalid: -1 });
  });
});

describe('createDecoder', () => {
  it('drops the BOM and decodes across chunk boundaries', () => {
    const bytes = Buffer.from('\ufeffŁódź €', 'utf8');
    const decoder = createDecoder('utf-8');
    let text = '';
    for (const byte of bytes) text += decoder.write(Buffer.from([byte]));
    text += decoder.end();
    expect(text).toBe('Łódź €');
    expect(decodeSample(fixture('utf16le-bom.csv'), 'utf-16le')).toBe(
      'id,name,city\r\n1,Zoë,Kraków\r\n2,Jürgen,Łódź\r\n',
    );
    expect(decodeSample(fixture('utf16be-nobom.csv'), 'utf-16be')).toBe(
      'id,name,city\r\n1,Zoë,Kraków\r\n2,Jürgen,Łódź\r\n',
    );
    expect(decodeSample(new Uint8Array([0x43, 0x61, 0x66, 0xe9]), 'windows-1252')).toBe('Café');
  });
});

describe('findBinaryContent', () => {
  it('finds the first NUL byte of binary data', () => {
    const garbage = fixture('binary-garbage.csv');
    const firstNul = garbage.indexOf(0);
    expect(findBinaryContent(garbage, 'windows-1252', 0)).toEqual({
      offset: firstNul,
      problem: 'is a NUL (zero) byte, which text files do not contain',
    });
  });

  it('names a ZIP (xlsx) signature', () => {
    expect(findBinaryContent(fixture('xlsx-renamed.csv'), 'windows-1252', 0)).toMatchObject({
      offset: 5,
      looksLike: 'a ZIP archive (an Excel .xlsx workbook is one)',
    });
  });

  it('counts control characters when there is no NUL', () => {
    const bytes = Buffer.from('a,b\n' + '\x01\x02\x03\x04x'.repeat(10));
    expect(findBinaryContent(bytes, 'utf-8', 0)).toEqual({
      offset: 4,
      problem: 'is a control character (0x01), one of 40 in the first 54 bytes',
    });
    expect(findBinaryContent(Buffer.from('a,b\n1,\x1a\x07\n'), 'utf-8', 0)).toBeNull();
  });

  it('accepts UTF-16 text, whose ASCII characters have zero bytes', () => {
    expect(findBinaryContent(fixture('utf16le-bom.csv'), 'utf-16le', 2)).toBeNull();
    expect(findBinaryContent(fixture('utf16le-nobom.csv'), 'utf-16le', 0)).toBeNull();
    expect(findBinaryContent(Buffer.from([0x61, 0, 0, 0, 0x62, 0]), 'utf-16le', 0)).toMatchObject({
      offset: 2,
    });
  });
});
