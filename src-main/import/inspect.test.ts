import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InspectRequest, InspectResponse, type InspectedColumn } from '@shared/contract/import';
import type { ColumnType } from '@shared/domain/columns';
import { inspectFile } from './inspect';
import { suggestCustomerMapping } from './suggest-mapping';
import { failure } from '../../tests/support/app-errors';
import { telcoCsv, lungCsv } from '../../tests/support/datasets';

const fixtures = join(import.meta.dirname, '../../tests/fixtures/import');
const fixture = (name: string): string => join(fixtures, name);
const scratch = mkdtempSync(join(tmpdir(), 'tenure-inspect-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const inspect = (path: string, extra: Record<string, unknown> = {}) =>
  inspectFile(InspectRequest.parse({ path, ...extra }));

describe('inspectFile', () => {
  it('inspects the telco sample: options, types, preview, mapping; the response fits the contract', async () => {
    const response = await inspect(telcoCsv, { previewRows: 5 });
    expect(InspectResponse.parse(response)).toEqual(response);
    expect(response.file).toEqual({
      path: telcoCsv,
      name: 'telco_churn.csv',
      size: 1174758,
    });
    expect(response.sampledRows).toBe(7043);
    expect(response.sampleIsWholeFile).toBe(true);
    expect(response.preview.map((row) => row.line)).toEqual([2, 3, 4, 5, 6]);
    expect(response.preview[0]?.values.slice(0, 3)).toEqual(['C0001', 'Female', '0']);
    expect(response.columns).toHaveLength(21);
    const byName = Object.fromEntries(response.columns.map((c) => [c.name, c]));
    expect(byName.TotalCharges).toMatchObject({ index: 19, type: 'decimal', missing: 11 });
    expect(byName.Churn?.type).toBe('boolean');
    expect(response.suggestedMapping).toEqual({ id: 'customer_id', churned: 'Churn', tenure: 'tenure' });
    expect(response.warnings).toEqual([]);
  });

  it('inspects lung.csv: no id column, status as the churned flag, time as tenure', async () => {
    const response = await inspect(lungCsv);
    expect(response.suggestedMapping).toEqual({ churned: 'status', tenure: 'time' });
    expect(response.warnings).toEqual([
      'No column looks like a customer id; choose the one that identifies each customer.',
    ]);
    expect(new Set(response.columns.map((c) => c.type))).toEqual(new Set(['integer']));
    expect(response.preview).toHaveLength(100);
  });

  it('profiles only the first 10,000 data rows of a larger file', async () => {
    const path = join(scratch, 'big.csv');
    writeFileSync(
      path,
      'id,plan\n' + Array.from({ length: 12_000 }, (_, i) => `c${i},${i % 2 ? 'a' : 'b'}`).join('\n'),
    );
    const response = await inspect(path, { previewRows: 3 });
    expect(response.sampledRows).toBe(10_000);
    expect(response.sampleIsWholeFile).toBe(false);
    expect(response.columns[1]?.topValues).toEqual([
      { value: 'a', count: 5000 },
      { value: 'b', count: 5000 },
    ]);
  });

  it('applies the request’s options and warns about ragged rows', async () => {
    const response = await inspect(fixture('ragged.csv'), { options: { missing: ['-'] } });
    expect(response.options.missing).toEqual(['-']);
    expect(response.preview.map((row) => row.line)).toEqual([2, 3, 5, 6]);
    expect(response.warnings).toContain(
      '2 rows of the first 4 have a different number of fields than the header (3); the first is line 3 with 2. Such rows are rejected on import.',
    );
    expect(response.suggestedMapping.id).toBe('id');
  });

  it('decodes code pages and reports the guess with its reason', async () => {
    const response = await inspect(fixture('windows-1250.csv'));
    expect(response.detected.encoding).toEqual({
      value: 'windows-1250',
      reason: 'not valid UTF-8; byte pattern looks like Central European (windows-1250)',
    });
    expect(response.preview[0]?.values).toEqual(['1', 'Příliš žluťoučký kůň', 'Łódź']);
  });

  it('infers types with the detected locale', async () => {
    const response = await inspect(fixture('semicolon-decimal-comma.csv'));
    const types = Object.fromEntries(response.columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      Kunde: 'text',
      Betrag: 'decimal',
      Anmeldung: 'date',
      Aktiv: 'boolean',
    } satisfies Record<string, ColumnType>);
  });

  it('does not let the header line repeated mid-file turn numbers and dates into text', async () => {
    const response = await inspect(join(fixtures, '../datasets/orders-joined.csv'));
    const types = Object.fromEntries(response.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ date: 'date', amount: 'decimal' });
    // The preview still shows it, on its line.
    expect(response.preview.find((row) => row.line === 6)?.values).toEqual(['customer_id', 'date', 'amount']);
  });

  it('suggests start and end dates from names and types', async () => {
    const response = await inspect(fixture('dates-mdy.csv'));
    expect(response.columns.map((c) => c.type)).toEqual(['integer', 'date', 'date']);
    expect(response.suggestedMapping).toEqual({ id: 'id', start: 'signup', end: 'cancelled' });
  });

  it('warns about missing and repeated header names', async () => {
    const path = join(scratch, 'names.csv');
    writeFileSync(path, 'id,x,,x\n1,2,3,4\n2,3,4,5\n');
    const response = await inspect(path);
    expect(response.columns.map((c) => c.name)).toEqual(['id', 'x', 'column 3', 'x (2)']);
    expect(response.warnings).toEqual([
      'Column 3 has no name in the header; it is called "column 3".',
      'The header name "x" appears more than once; column 4 is called "x (2)".',
    ]);
  });

  it('throws NO_DATA_ROWS, FILE_EMPTY, FILE_NOT_TEXT, PARSE_ERROR and FILE_UNREADABLE', async () => {
    const headerOnly = await failure(inspect(fixture('header-only.csv')));
    expect([headerOnly.code, headerOnly.message]).toEqual([
      'NO_DATA_ROWS',
      'header-only.csv has a header line but no data rows.',
    ]);
    expect((await failure(inspect(fixture('empty.csv')))).code).toBe('FILE_EMPTY');
    expect((await failure(inspect(fixture('blank.csv')))).code).toBe('FILE_EMPTY');
    expect((await failure(inspect(fixture('binary-garbage.csv')))).code).toBe('FILE_NOT_TEXT');
    const unclosed = await failure(inspect(fixture('unclosed-quote.csv')));
    expect([unclosed.code, unclosed.message]).toEqual([
      'PARSE_ERROR',
      'unclosed-quote.csv, line 4, column 3: a quoted field is never closed',
    ]);
    expect((await failure(inspect(join(scratch, 'nope.csv')))).code).toBe('FILE_UNREADABLE');
  });
});

function column(name: string, type: ColumnType, extra: Partial<InspectedColumn> = {}): InspectedColumn {
  return {
    index: 0,
    name,
    type,
    typeReason: '',
    missing: 0,
    distinct: 10,
    topValues: [{ value: 'v', count: 1 }],
    ...extra,
  };
}

function columns(...list: InspectedColumn[]): InspectedColumn[] {
  return list.map((c, index) => ({ ...c, index }));
}

describe('suggestCustomerMapping', () => {
  it('matches id names in their many spellings', () => {
    for (const name of ['customer_id', 'customerID', 'Customer ID', 'cust_id', 'client id', 'ID']) {
      expect(suggestCustomerMapping(columns(column(name, 'text'))).id).toBe(name);
    }
  });

  it('prefers an id column whose sample values are unique', () => {
    const mapping = suggestCustomerMapping(
      columns(
        column('customer_id', 'text', { topValues: [{ value: 'c1', count: 3 }] }),
        column('id', 'integer', { topValues: [{ value: '1', count: 1 }] }),
      ),
    );
    expect(mapping.id).toBe('id');
  });

  it('finds churned flags, tenure, start and end dates; never one column twice', () => {
    expect(
      suggestCustomerMapping(
        columns(
          column('Kunden-ID', 'text'),
          column('Churned?', 'boolean', { distinct: 2 }),
          column('tenure_months', 'integer'),
          column('Signup Date', 'date'),
          column('cancel_date', 'date'),
        ),
      ),
    ).toEqual({
      id: 'Kunden-ID',
      churned: 'Churned?',
      tenure: 'tenure_months',
      start: 'Signup Date',
      end: 'cancel_date',
    });
    expect(suggestCustomerMapping(columns(column('churn', 'boolean'), column('churn_date', 'date')))).toEqual(
      {
        churned: 'churn',
        end: 'churn_date',
      },
    );
  });

  it('ignores names whose type does not fit the role', () => {
    expect(
      suggestCustomerMapping(
        columns(
          column('status', 'text', { distinct: 500 }),
          column('start', 'text'),
          column('tenure', 'text'),
        ),
      ),
    ).toEqual({});
  });
});
