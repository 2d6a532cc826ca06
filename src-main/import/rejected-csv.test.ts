import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRejectedCsv, RejectedCsvWriter, removeOldRejectedFiles } from './rejected-csv';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'tenure-rejected-')), 'rejected');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('rejected-rows CSV', () => {
  it('writes nothing until a row is rejected, then line, problem, column, value, reason and the fields', () => {
    const empty = new RejectedCsvWriter(dir, 'nothing.csv', ['a']);
    expect(empty.close()).toBeNull();
    expect(existsSync(dir)).toBe(false);

    const writer = new RejectedCsvWriter(
      dir,
      'Bestellungen März 2024.csv',
      ['Kunde', 'Betrag'],
      new Date('2024-05-01T12:34:56Z'),
    );
    writer.add(
      { line: 7, code: 'bad_value', column: 'Betrag', value: '12,5 €', reason: '"12,5 €" is not a number' },
      ['K1', '12,5 €'],
    );
    writer.add({ line: 9, code: 'ragged_row', reason: 'has 1 field, expected 2' }, ['@K2']);
    const id = writer.close() as string;
    expect(id).toMatch(/^20240501-123456-[0-9a-f]{6}-Bestellungen_M_rz_2024$/);
    expect(readRejectedCsv(dir, id)).toEqual({
      fileName: 'Bestellungen_M_rz_2024-rejected.csv',
      rows: 2,
      csv:
        '\ufeffline,problem,column,value,reason,Kunde,Betrag\r\n' +
        '7,bad_value,Betrag,"12,5 €","""12,5 €"" is not a number",K1,"12,5 €"\r\n' +
        '9,ragged_row,,,"has 1 field, expected 2",\'@K2\r\n',
    });
  });

  it('deletes the file of a failed import, and files older than 7 days when a new one is written', () => {
    const failed = new RejectedCsvWriter(dir, 'f.csv', ['a']);
    failed.add({ line: 2, code: 'missing_id', reason: 'no id' }, ['']);
    failed.discard();
    expect(readdirSync(dir)).toEqual([]);

    mkdirSync(dir, { recursive: true });
    const old = join(dir, '20240101-000000-abcdef-old.csv');
    const recent = join(dir, '20240107-000000-abcdef-recent.csv');
    const notOurs = join(dir, 'notes.txt');
    for (const path of [old, recent, notOurs]) writeFileSync(path, 'x');
    const now = Date.now();
    utimesSync(old, new Date(now - 8 * 86_400_000), new Date(now - 8 * 86_400_000));
    utimesSync(notOurs, new Date(now - 30 * 86_400_000), new Date(now - 30 * 86_400_000));
    utimesSync(recent, new Date(now - 6 * 86_400_000), new Date(now - 6 * 86_400_000));
    removeOldRejectedFiles(dir, now);
    expect(readdirSync(dir).sort()).toEqual(['20240107-000000-abcdef-recent.csv', 'notes.txt']);
  });

  it('reads only ids of files in its folder', () => {
    for (const id of ['../x', 'a/b', '', 'a.csv', '..', 'x'.repeat(101)]) {
      expect(() => readRejectedCsv(dir, id), id).toThrow(/not the id of a rejected-rows file/);
    }
    expect(() => readRejectedCsv(dir, 'gone')).toThrow(/no longer kept/);
  });
});
