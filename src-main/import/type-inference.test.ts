import { describe, expect, it } from 'vitest';
import type { ColumnType } from '@shared/domain/columns';
import { type ParseOptions } from '@shared/domain/parse-options';
import { readCsvRecords } from './csv-reader';
import { ColumnProfiler, type ColumnProfile } from './type-inference';
import { csvOptions } from '../../tests/support/parse-options';
import { telcoCsv, lungCsv } from '../../tests/support/datasets';

const options = csvOptions({ dateOrder: 'dmy' });

/** Profiles one column of values. */
function profile(values: string[], opts: ParseOptions = options): ColumnProfile {
  const profiler = new ColumnProfiler(1, opts);
  for (const value of values) profiler.observe([value]);
  return profiler.result()[0] as ColumnProfile;
}

function repeat(values: string[], times: number): string[] {
  return Array.from({ length: times }, () => values).flat();
}

describe('ColumnProfiler rules', () => {
  it('boolean: plain yes/no words with at most two different words', () => {
    expect(profile(repeat(['Yes', 'No', 'yes'], 5)).type).toBe('boolean');
    expect(profile(['0', '1', '1', '0']).type).toBe('boolean');
    expect(profile(['ja', 'nein', 'NA', '']).type).toBe('boolean');
    const three = profile(repeat(['Yes', 'No', 'Y'], 5));
    expect(three.type).toBe('category');
  });

  it('1/2 codes are integers, not booleans (2 is not a yes/no word)', () => {
    const p = profile(['1', '2', '2', '1']);
    expect(p.type).toBe('integer');
    expect(p.typeReason).toBe('all 4 values are whole numbers');
  });

  it('integer, then decimal, with missing values not deciding', () => {
    expect(profile(['1', '22', '-3', '1,234', 'NA']).type).toBe('integer');
    const d = profile(['1', '2.5', 'NA', '', '3']);
    expect(d.type).toBe('decimal');
    expect(d.typeReason).toBe('all 3 non-missing values are decimal numbers (2 missing)');
    expect(d.missing).toBe(2);
    expect(d.observed).toBe(5);
  });

  it('decimal comma files', () => {
    expect(profile(['1,5', '2', '1.234,5'], { ...options, decimal: ',' }).type).toBe('decimal');
    expect(profile(['1,5', '2'], options).type).toBe('text');
  });

  it('codes with leading zeros or too many digits are not numbers', () => {
    const zip = profile(['01234', '12345', '00999', '54321']);
    expect(zip.type).toBe('text');
    expect(zip.typeReason).toBe(
      'values like "01234" are codes (leading zeros or too many digits), not numbers; 4 different values in 4 rows, too varied for a category: text',
    );
    expect(profile(['12345678901234567890', '1']).type).toBe('text');
    expect(profile(['0', '0.5', '10']).type).toBe('decimal');
  });

  it('dates under the date order', () => {
    const p = profile(['2024-01-31', '2024-02-29', 'NA']);
    expect(p.type).toBe('date');
    expect(p.typeReason).toBe('all 2 non-missing values are dates (yyyy-mm-dd) (1 missing)');
    expect(profile(['31.01.2024', '01.02.2024']).type).toBe('date');
    expect(profile(['31.02.2024', '01.02.2024']).type).toBe('text');
    expect(profile(['12/25/2023', '01/02/2024'], { ...options, dateOrder: 'mdy' }).type).toBe('date');
  });

  it('category: at most 50 different values and at most half the non-missing values', () => {
    const plans = repeat(['basic', 'pro', 'team'], 10);
    const c = profile(plans);
    expect(c.type).toBe('category');
    expect(c.typeReason).toBe('"basic" is not a number or a date; 3 different values in 30 rows: a category');
    expect(profile(['a', 'b', 'c', 'a']).type).toBe('text'); // 3 different in 4: more than half
    const fiftyOne = Array.from({ length: 51 }, (_, i) => `v${i}`);
    expect(profile(repeat(fiftyOne, 3)).type).toBe('text');
    const fifty = Array.from({ length: 50 }, (_, i) => `v${i}`);
    expect(profile(repeat(fifty, 2)).type).toBe('category');
  });

  it('all missing → text, and nothing observed → text', () => {
    const p = profile(['NA', '', ' ']);
    expect(p.type).toBe('text');
    expect(p.typeReason).toBe('every value is missing (3 rows); read as text');
    expect(profile([]).typeReason).toBe('no rows to look at; read as text');
  });

  it('mixed numbers and dates are neither, with both examples in the reason', () => {
    const p = profile(repeat(['5', '2024-01-01', '7', '2024-02-01'], 3));
    expect(p.type).toBe('category');
    expect(p.typeReason).toBe(
      'numbers ("5") and dates ("2024-01-01") are mixed; 4 different values in 12 rows: a category',
    );
  });

  it('counts distinct values up to 1000, keeps exact top values, ties by value', () => {
    const profiler = new ColumnProfiler(2, options);
    for (let i = 0; i < 5000; i++) profiler.observe([`id${i}`, i % 3 === 0 ? 'b' : 'a']);
    profiler.observe(['x', 'c']);
    profiler.observe(['y', 'c']);
    const [ids, letters] = profiler.result() as [ColumnProfile, ColumnProfile];
    expect(ids.distinct).toBe(1000);
    expect(ids.type).toBe('text');
    expect(ids.typeReason).toBe(
      '"id0" is not a number or a date; 1,000 or more different values in 5,002 rows, too many for a category: text',
    );
    expect(ids.topValues).toHaveLength(12);
    expect(ids.topValues[0]).toEqual({ value: 'id0', count: 1 });
    expect(ids.topValues[1]).toEqual({ value: 'id1', count: 1 });
    expect(ids.topValues[2]).toEqual({ value: 'id10', count: 1 });
    expect(letters.topValues).toEqual([
      { value: 'a', count: 3333 },
      { value: 'b', count: 1667 },
      { value: 'c', count: 2 },
    ]);
    expect(letters.distinct).toBe(3);
  });

  it('skips rows with a different number of fields, and counts them', () => {
    const profiler = new ColumnProfiler(2, options);
    profiler.observe(['1', '2']);
    profiler.observe(['1']);
    profiler.observe(['1', '2', '3']);
    expect(profiler.skippedRows).toBe(2);
    expect(profiler.result()[0]?.observed).toBe(1);
  });

  it('types values after the distinct cap too (a late non-number makes the column text)', () => {
    const values = Array.from({ length: 3000 }, (_, i) => String(i));
    values.push('oops');
    const p = profile(values);
    expect(p.type).toBe('text');
    expect(p.typeReason).toMatch(/^"oops" is not a number or a date; 1,000 or more different values/);
  });
});

async function profileFile(path: string): Promise<Record<string, ColumnProfile>> {
  let names: string[] | null = null;
  let profiler: ColumnProfiler | null = null;
  for await (const record of readCsvRecords(path, options)) {
    if (names === null) {
      names = record.fields;
      profiler = new ColumnProfiler(names.length, options);
      continue;
    }
    profiler?.observe(record.fields);
  }
  const profiles = (profiler as ColumnProfiler).result();
  return Object.fromEntries((names as string[]).map((name, i) => [name, profiles[i] as ColumnProfile]));
}

describe('ColumnProfiler on real files', () => {
  it('telco_churn.csv (IBM sample, 7,043 rows): the expected type for every column', async () => {
    const profiles = await profileFile(telcoCsv);
    const types = Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, p.type]));
    const expected: Record<string, ColumnType> = {
      customer_id: 'text',
      gender: 'category',
      SeniorCitizen: 'boolean',
      Partner: 'boolean',
      Dependents: 'boolean',
      tenure: 'integer',
      PhoneService: 'boolean',
      MultipleLines: 'category',
      InternetService: 'category',
      OnlineSecurity: 'category',
      OnlineBackup: 'category',
      DeviceProtection: 'category',
      TechSupport: 'category',
      StreamingTV: 'category',
      StreamingMovies: 'category',
      Contract: 'category',
      PaperlessBilling: 'boolean',
      PaymentMethod: 'category',
      MonthlyCharges: 'decimal',
      TotalCharges: 'decimal',
      Churn: 'boolean',
    };
    expect(types).toEqual(expected);
    expect(profiles.TotalCharges?.missing).toBe(11);
    expect(profiles.TotalCharges?.typeReason).toBe(
      'all 7,032 non-missing values are decimal numbers (11 missing)',
    );
    expect(profiles.Churn?.topValues).toEqual([
      { value: 'No', count: 5174 },
      { value: 'Yes', count: 1869 },
    ]);
    expect(profiles.Contract?.topValues).toEqual([
      { value: 'Month-to-month', count: 3875 },
      { value: 'Two year', count: 1695 },
      { value: 'One year', count: 1473 },
    ]);
    expect(profiles.customer_id?.distinct).toBe(1000);
    expect(profiles.tenure?.observed).toBe(7043);
  });

  it('lung.csv (R survival::lung, 228 rows): every column is integer; 1/2 codes are not booleans', async () => {
    const profiles = await profileFile(lungCsv);
    const types = Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, p.type]));
    expect(types).toEqual({
      inst: 'integer',
      time: 'integer',
      status: 'integer',
      age: 'integer',
      sex: 'integer',
      'ph.ecog': 'integer',
      'ph.karno': 'integer',
      'pat.karno': 'integer',
      'meal.cal': 'integer',
      'wt.loss': 'integer',
    });
    const missing = Object.fromEntries(Object.entries(profiles).map(([name, p]) => [name, p.missing]));
    // Counts of NA in R: colSums(is.na(survival::lung)).
    expect(missing).toEqual({
      inst: 1,
      time: 0,
      status: 0,
      age: 0,
      sex: 0,
      'ph.ecog': 1,
      'ph.karno': 1,
      'pat.karno': 3,
      'meal.cal': 47,
      'wt.loss': 14,
    });
    expect(profiles.status?.topValues).toEqual([
      { value: '2', count: 165 },
      { value: '1', count: 63 },
    ]);
  });
});
