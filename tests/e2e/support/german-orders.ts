/**
 * A German web shop's orders export, as hostile as real ones: Windows-1252 (umlauts in product names),
 * semicolons, decimal commas with dotted thousands ("1.234,50"), dd.mm.yyyy dates, "N/A" for a missing
 * quantity, and eleven bad rows with known line numbers. Written by `writeGermanOrders`, which returns the
 * exact counts a correct import reports, so the fake and (later) the real importer can be held to them.
 *
 * Also the project the file is imported into (`shopProject`): 40 customers (K0001–K0040) and 300 orders
 * from two earlier imports, the first half-year with no orders at all in March 2023; twelve customers
 * (K0029–K0040) stop ordering after June 2023.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeImport, FakeProject, Row } from './fake-data';

export const header = 'Kundennr;Bestelldatum;Betrag;Menge;Artikel';
const products = ['Kaffeemühle', 'Teekanne', 'Müsli', 'Käse', 'Brötchen'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** 1234.5 → "1.234,50" */
export function germanAmount(value: number): string {
  const [whole, cents] = value.toFixed(2).split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents}`;
}

export interface GermanOrders {
  path: string;
  /** Data records after the header line (good and bad rows, the repeated header included). */
  rowsRead: number;
  valid: number;
  rejected: number;
  /** Rejections per problem, with the file's line numbers (line 1 is the header). */
  problems: {
    badDate: number[];
    unknownCustomer: number[];
    duplicateRow: number[];
    missingAmount: number[];
    repeatedHeader: number[];
  };
}

/** Writes bestellungen-2024-h1.csv into `dir` (Windows-1252) and says what a correct import finds in it. */
export function writeGermanOrders(dir: string): GermanOrders {
  const good: string[] = [];
  for (let i = 0; i < 600; i++) {
    const customer = `K${pad(((i * 7) % 40) + 1, 4)}`;
    const date = `${pad((i % 28) + 1)}.${pad((i % 6) + 1)}.2024`;
    // 137 and 50,000 are coprime, so every row's amount (and so every row) differs from the others.
    const amount = i % 50 === 49 ? 1000 + ((i * 137) % 50000) / 100 : 5 + ((i * 137) % 50000) / 100;
    const quantity = i % 37 === 36 ? 'N/A' : String((i % 5) + 1);
    good.push(`${customer};${date};${germanAmount(amount)};${quantity};${products[i % products.length]}`);
  }
  // Bad rows go in at fixed places: [index in the good rows before which it goes, the line itself].
  const bad: { before: number; line: string; kind: keyof GermanOrders['problems'] }[] = [
    { before: 40, line: 'K0003;31.02.2024;19,90;1;Teekanne', kind: 'badDate' },
    { before: 120, line: 'K0009;gestern;7,50;2;Müsli', kind: 'badDate' },
    { before: 333, line: 'K0011;00.00.0000;12,00;1;Käse', kind: 'badDate' },
    { before: 75, line: 'K9001;14.02.2024;49,00;1;Kaffeemühle', kind: 'unknownCustomer' },
    { before: 200, line: 'K9002;15.03.2024;9,99;3;Brötchen', kind: 'unknownCustomer' },
    { before: 410, line: 'K9003;16.04.2024;24,95;1;Teekanne', kind: 'unknownCustomer' },
    { before: 555, line: 'K9004;17.05.2024;5,00;1;Müsli', kind: 'unknownCustomer' },
    { before: 260, line: good[10]!, kind: 'duplicateRow' },
    { before: 480, line: good[11]!, kind: 'duplicateRow' },
    { before: 150, line: 'K0005;20.02.2024;;2;Käse', kind: 'missingAmount' },
    { before: 300, line: header, kind: 'repeatedHeader' },
  ];
  const lines = [header];
  const problems: GermanOrders['problems'] = {
    badDate: [],
    unknownCustomer: [],
    duplicateRow: [],
    missingAmount: [],
    repeatedHeader: [],
  };
  good.forEach((line, index) => {
    for (const entry of bad.filter((b) => b.before === index)) {
      lines.push(entry.line);
      problems[entry.kind].push(lines.length);
    }
    lines.push(line);
  });
  for (const list of Object.values(problems)) list.sort((a, b) => a - b);
  const path = join(dir, 'bestellungen-2024-h1.csv');
  writeFileSync(path, Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'));
  return { path, rowsRead: lines.length - 1, valid: good.length, rejected: bad.length, problems };
}

const regions = ['Nord', 'Süd', 'West', 'Ost'];
const plans = ['Basis', 'Plus'];

function earlierImport(
  id: number,
  fields: Pick<
    FakeImport,
    'kind' | 'mode' | 'fileName' | 'imported' | 'rejected' | 'state' | 'replacedIds'
  > & {
    finishedAt: string;
    before: FakeImport['before'];
    mapping: Record<string, string>;
  },
): FakeImport {
  return {
    id,
    kind: fields.kind,
    mode: fields.mode,
    fileName: fields.fileName,
    filePath: `/home/ana/exports/${fields.fileName}`,
    sha256: `earlier-${id}`,
    startedAt: fields.finishedAt,
    finishedAt: fields.finishedAt,
    rowsRead: fields.imported + fields.rejected,
    imported: fields.imported,
    rejected: fields.rejected,
    state: fields.state,
    undoable: false,
    notUndoableReason: null,
    before: fields.before,
    replacedIds: fields.replacedIds,
    settings: { kind: fields.kind, mapping: fields.mapping },
    shape: `earlier-${id}`,
  };
}

/** The shop's project before the new file: customers, and orders from two earlier imports. */
export function shopProject(path: string): FakeProject {
  const customers: Row[] = Array.from({ length: 40 }, (_, index) => ({
    Kundennr: `K${pad(index + 1, 4)}`,
    Region: regions[index % regions.length]!,
    Tarif: plans[index % 3 === 0 ? 1 : 0]!,
    Seit: `2022-${pad((index % 12) + 1)}-01`,
  }));
  const order = (index: number, month: number, customers = 40): Row => ({
    Kundennr: `K${pad(((index * 11) % customers) + 1, 4)}`,
    Bestelldatum: `2023-${pad(month)}-${pad((index % 28) + 1)}`,
    Betrag: Math.round((8 + ((index * 53) % 9000) / 100) * 100) / 100,
    Menge: (index % 4) + 1,
    Artikel: products[index % products.length]!,
  });
  // First half-year: 180 orders in January, February, April, May and June (none in March).
  const firstHalf = Array.from({ length: 180 }, (_, index) => order(index, [1, 2, 4, 5, 6][index % 5]!));
  // Second half-year: only K0001–K0028 still buy; the other twelve went quiet after June.
  const secondHalf = Array.from({ length: 120 }, (_, index) => order(index + 180, 7 + (index % 6), 28));
  const ordersColumns = [
    { name: 'Kundennr', type: 'text' as const, role: 'customer' },
    { name: 'Bestelldatum', type: 'date' as const, role: 'date' },
    { name: 'Betrag', type: 'decimal' as const, role: 'amount' },
    { name: 'Menge', type: 'integer' as const, role: 'quantity' },
    { name: 'Artikel', type: 'category' as const, role: 'product' },
  ];
  const firstOrders = { columns: ordersColumns, rows: firstHalf };
  const orderMapping = {
    customer: 'Kundennr',
    date: 'Bestelldatum',
    amount: 'Betrag',
    quantity: 'Menge',
    product: 'Artikel',
  };
  return {
    path,
    name: 'Kaffeeladen',
    createdAt: '2024-01-05T09:00:00.000Z',
    columns: [],
    rows: [],
    lastImport: {
      id: 3,
      kind: 'transactions',
      fileName: 'bestellungen-2023-h2.csv',
      finishedAt: '2024-01-08T10:12:00.000Z',
      imported: 120,
      rejected: 2,
    },
    datasets: {
      customers: {
        columns: [
          { name: 'Kundennr', type: 'text', role: 'id' },
          { name: 'Region', type: 'category', role: 'attribute' },
          { name: 'Tarif', type: 'category', role: 'attribute' },
          { name: 'Seit', type: 'date', role: 'start' },
        ],
        rows: customers,
      },
      transactions: { columns: ordersColumns, rows: [...firstHalf, ...secondHalf] },
    },
    imports: [
      earlierImport(1, {
        kind: 'customers',
        mode: 'replace',
        fileName: 'kunden.csv',
        imported: 40,
        rejected: 0,
        state: 'active',
        replacedIds: [],
        finishedAt: '2024-01-05T09:03:00.000Z',
        before: null,
        mapping: { id: 'Kundennr', start: 'Seit' },
      }),
      earlierImport(2, {
        kind: 'transactions',
        mode: 'replace',
        fileName: 'bestellungen-2023-h1.csv',
        imported: 180,
        rejected: 0,
        state: 'active',
        replacedIds: [],
        finishedAt: '2024-01-05T09:05:00.000Z',
        before: null,
        mapping: orderMapping,
      }),
      earlierImport(3, {
        kind: 'transactions',
        mode: 'append',
        fileName: 'bestellungen-2023-h2.csv',
        imported: 120,
        rejected: 2,
        state: 'active',
        replacedIds: [],
        finishedAt: '2024-01-08T10:12:00.000Z',
        before: firstOrders,
        mapping: orderMapping,
      }),
    ],
  };
}
