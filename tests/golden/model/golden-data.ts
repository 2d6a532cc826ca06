/**
 * The two reference data sets as the golden scripts read them (glm.R, sklearn.py): feature columns,
 * 0/1 outcome, ids and the committed fold ids. Numeric = every non-missing value parses as a number
 * (pandas' dtype inference); "NA" and "" are missing. Telco drops the 11 rows with missing
 * TotalCharges, as both scripts do.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FeatureColumn } from '../../../src-main/engine/model/design';

export interface GoldenData {
  ids: string[];
  y: Float64Array;
  columns: FeatureColumn[];
  fold: Int32Array;
}

/** RFC 4180 fields without embedded newlines (true of both files). */
function parseLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      fields.push(value);
      i++; // comma
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      fields.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return fields;
}

function readTable(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(resolve(path), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  return { header: parseLine(lines[0]!), rows: lines.slice(1).map(parseLine) };
}

const isMissing = (v: string): boolean => v === '' || v === 'NA';

function load(
  path: string,
  idColumn: string,
  outcome: string,
  foldsPath: string | null,
  dropMissing: string | null,
): GoldenData {
  const { header, rows: all } = readTable(path);
  const at = (name: string): number => header.indexOf(name);
  const rows = dropMissing === null ? all : all.filter((r) => !isMissing(r[at(dropMissing)]!));
  const ids = rows.map((r) => r[at(idColumn)]!);
  const y = Float64Array.from(rows, (r) => (r[at(outcome)] === 'Yes' ? 1 : 0));
  const columns: FeatureColumn[] = header
    .filter((name) => name !== idColumn && name !== outcome)
    .map((name) => {
      const raw = rows.map((r) => r[at(name)]!);
      const numeric = raw.every((v) => isMissing(v) || Number.isFinite(Number(v)));
      return numeric
        ? { name, kind: 'numeric', values: raw.map((v) => (isMissing(v) ? null : Number(v))) }
        : { name, kind: 'categorical', values: raw.map((v) => (isMissing(v) ? null : v)) };
    });
  if (foldsPath === null) return { ids, y, columns, fold: new Int32Array(0) };
  const folds = new Map(readTable(foldsPath).rows.map((r) => [r[0]!, Number(r[1])]));
  const fold = Int32Array.from(ids, (id) => {
    const f = folds.get(id);
    if (f === undefined) throw new Error(`${id} has no fold in ${foldsPath}`);
    return f;
  });
  return { ids, y, columns, fold };
}

export const telco = (): GoldenData =>
  load(
    '../shared/data/telco_churn.csv',
    'customer_id',
    'Churn',
    'tests/golden/model/telco-folds.csv',
    'TotalCharges',
  );

export const attrition = (): GoldenData =>
  load('tests/fixtures/attrition.csv', 'id', 'Attrition', 'tests/fixtures/attrition-folds.csv', null);

/** All 7,043 telco rows, the 11 missing TotalCharges left for the design to impute (no folds). */
export const telcoAllRows = (): GoldenData =>
  load('../shared/data/telco_churn.csv', 'customer_id', 'Churn', null, null);
