import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnvironment } from '../../src-main/app/environment';
import { runCli } from './cli-harness';
import { testEnvironment } from './real-services';

/** `tenure import` of every kind, `tenure history` and `tenure undo`, against the real services. */
const fixture = (name: string) => resolve(import.meta.dirname, '../fixtures/datasets', name);
const orders = [
  '--kind',
  'transactions',
  '--map',
  'customer=customer_id',
  '--map',
  'date=date',
  '--map',
  'amount=amount',
];

let environment: AppEnvironment;
let dir: string;

beforeAll(() => {
  ({ environment, dir } = testEnvironment('cli'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runCli(argv, { environment, cwd: dir });

interface Summary {
  importId: number | null;
  kind: string;
  mode: string;
  imported: number;
  replaced: number;
  rejectedCount: number;
  rejected: { line: number; reason: string }[];
  dryRun: boolean;
}
interface History {
  imports: {
    id: number;
    fileName: string;
    state: string;
    undoable: boolean;
    notUndoableReason: string | null;
  }[];
  datasets: { kind: string; rows: number; customers: number; activeImports: number }[];
}

describe('tenure import / history / undo', () => {
  it('replaces, appends with the rejected rows saved, refuses a repeat, lists and undoes', async () => {
    expect((await cli(['new', 'o.tenure'])).code).toBe(0);

    const march = await cli([
      'import',
      'o.tenure',
      fixture('orders-march.csv'),
      ...orders,
      '--rejected',
      'none.csv',
    ]);
    expect(march.code).toBe(0);
    expect(march.json<Summary>()).toMatchObject({
      importId: 1,
      kind: 'transactions',
      mode: 'replace',
      imported: 3,
    });
    expect(march.stderr).toContain('Imported 3 transactions from orders-march.csv; 0 rows rejected.');
    // Nothing rejected: the file holds the header line only.
    expect(readFileSync(join(dir, 'none.csv'), 'utf8')).toBe(
      '\ufeffline,problem,column,value,reason,customer_id,date,amount,region\r\n',
    );

    const joined = await cli([
      'import',
      'o.tenure',
      fixture('orders-joined.csv'),
      ...orders,
      '--mode',
      'append',
      '--rejects',
      'rejected.csv',
    ]);
    expect(joined.code).toBe(0);
    expect(joined.json<Summary>()).toMatchObject({
      importId: 2,
      mode: 'append',
      imported: 3,
      rejectedCount: 7,
    });
    expect(joined.stderr).toContain('Appended 3 transactions from orders-joined.csv; 7 rows rejected.');
    expect(joined.stderr).toContain(`Rejected rows written to ${join(dir, 'rejected.csv')}.`);
    const rows = parse(readFileSync(join(dir, 'rejected.csv'), 'utf8').slice(1), {
      relax_column_count: true,
    }) as string[][];
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['line', 'problem'],
      ['4', 'ragged_row'],
      ['5', 'duplicate_row'],
      ['6', 'repeated_header'],
      ['8', 'ragged_row'],
      ['9', 'missing_value'],
      ['10', 'duplicate_row'],
      ['11', 'negative_amount'],
    ]);

    const repeat = await cli([
      'import',
      'o.tenure',
      fixture('orders-joined.csv'),
      ...orders,
      '--mode',
      'append',
    ]);
    expect(repeat.code).toBe(1);
    expect(repeat.stderr).toMatch(/^tenure: orders-joined\.csv is already in the transactions \(import #2/);
    expect(repeat.stderr).toContain('--allow-repeat');
    const allowed = await cli([
      'import',
      'o.tenure',
      fixture('orders-joined.csv'),
      ...orders,
      '--mode',
      'append',
      '--allow-repeat',
    ]);
    expect(allowed.json<Summary>()).toMatchObject({ importId: 3, imported: 3 });

    const history = await cli(['history', 'o.tenure']);
    expect(history.code).toBe(0);
    const listed = history.json<History>();
    expect(listed.imports.map((entry) => [entry.id, entry.state, entry.undoable])).toEqual([
      [3, 'active', true],
      [2, 'active', false],
      [1, 'active', false],
    ]);
    expect(listed.datasets.find((dataset) => dataset.kind === 'transactions')).toEqual({
      kind: 'transactions',
      rows: 9,
      customers: 4,
      activeImports: 3,
    });

    const early = await cli(['undo', 'o.tenure', '2']);
    expect(early.code).toBe(1);
    expect(early.stderr).toBe(
      'tenure: Import #2 (orders-joined.csv) cannot be undone: Import #3 into the same dataset (transactions) came later; undo it first (undo goes back one import at a time).\n',
    );
    for (const id of ['#3', '2']) {
      const undone = await cli(['undo', 'o.tenure', id]);
      expect(undone.code).toBe(0);
      expect(undone.stderr).toBe(`Undid import #${id.replace('#', '')} (orders-joined.csv).\n`);
    }
    const after = (
      await cli(['call', 'import.history', JSON.stringify({ project: join(dir, 'o.tenure') })])
    ).json<History>();
    expect(after.imports.map((entry) => [entry.id, entry.state])).toEqual([
      [3, 'undone'],
      [2, 'undone'],
      [1, 'active'],
    ]);
    expect(after.datasets.find((dataset) => dataset.kind === 'transactions')?.rows).toBe(3);
  });

  it('imports every kind with its own roles', async () => {
    expect((await cli(['new', 'kinds.tenure'])).code).toBe(0);
    const imports: [string, string[], number][] = [
      ['customers-few.csv', ['--kind', 'customers', '--map', 'id=id'], 3],
      [
        'subscriptions.csv',
        [
          '--kind',
          'subscriptions',
          '--map',
          'customer=customer',
          '--map',
          'start=start',
          '--map',
          'end=end',
          '--map',
          'mrr=mrr',
        ],
        2,
      ],
      [
        'transactions-unknown.csv',
        [
          '--kind',
          'transactions',
          '--map',
          'customer=customer_id',
          '--map',
          'date=date',
          '--map',
          'amount=amount',
        ],
        2,
      ],
      [
        'events.csv',
        [
          '--kind',
          'events',
          '--map',
          'customer=customer_id',
          '--map',
          'time=timestamp',
          '--map',
          'type=event_type',
        ],
        4,
      ],
      [
        'feedback.csv',
        ['--kind', 'feedback', '--map', 'customer=customer', '--map', 'date=date', '--map', 'score=nps'],
        2,
      ],
    ];
    for (const [file, flags, imported] of imports) {
      const outcome = await cli(['import', 'kinds.tenure', fixture(file), ...flags]);
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(outcome.json<Summary>().imported, file).toBe(imported);
    }
    // With the customer table C1–C3 in the project, the valid rows of other customers are unknown_customer:
    // subscriptions of C5 and C7, the event of C6, the answers of C5 and C6.
    const history = (await cli(['history', 'kinds.tenure'])).json<History>();
    expect(history.datasets.map((dataset) => [dataset.kind, dataset.rows, dataset.customers])).toEqual([
      ['customers', 3, 3],
      ['subscriptions', 2, 1],
      ['transactions', 2, 2],
      ['events', 4, 2],
      ['feedback', 2, 2],
    ]);
  });

  it('reads the Czech export with the detected options and a date format given', async () => {
    expect((await cli(['new', 'cz.tenure'])).code).toBe(0);
    const outcome = await cli([
      'import',
      'cz.tenure',
      fixture('transactions-cp1250.csv'),
      '--kind',
      'transactions',
      '--map',
      'customer=Zákazník',
      '--map',
      'date=Datum',
      '--map',
      'amount=Částka',
      '--date-format',
      'dd.mm.yyyy',
      '--dry-run',
    ]);
    expect(outcome.code).toBe(0);
    expect(outcome.json<Summary>()).toMatchObject({
      importId: null,
      imported: 4,
      rejectedCount: 6,
      dryRun: true,
    });
    expect(outcome.stderr).toContain('Dry run: would import 4 transactions');
  });

  it('says what is wrong with the command: unknown roles, missing roles, unknown kinds (exit 2)', async () => {
    expect((await cli(['new', 'u.tenure'])).code).toBe(0);
    const role = await cli([
      'import',
      'u.tenure',
      fixture('orders-march.csv'),
      '--kind',
      'transactions',
      '--map',
      'id=customer_id',
    ]);
    expect(role.code).toBe(2);
    expect(role.stderr).toBe(
      'tenure: --map: "id" is not a role of transactions; its roles are customer, date, amount, quantity, product.\nRun "tenure help import" for its usage.\n',
    );
    const missing = await cli(['import', 'u.tenure', fixture('orders-march.csv'), '--kind', 'transactions']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'tenure: Importing transactions needs --map date=COLUMN and --map amount=COLUMN (the inspection suggests --map date=date --map amount=amount).',
    );
    const kind = await cli(['import', 'u.tenure', fixture('orders-march.csv'), '--kind', 'orders']);
    expect(kind.code).toBe(2);
    const undo = await cli(['undo', 'u.tenure', 'last']);
    expect(undo.code).toBe(2);
    expect(undo.stderr).toContain('"last" is not an import id');
    const help = await cli(['help', 'import']);
    expect(help.stdout).toContain('--mode replace|append');
    expect(help.stdout).toContain('transactions   customer, date, amount, quantity, product');
  });

  it('saves the rejected rows even when no row could be imported', async () => {
    expect((await cli(['new', 'bad.tenure'])).code).toBe(0);
    writeFileSync(join(dir, 'all-bad.csv'), 'customer_id,date,amount\nC1,2024-01-01,-1\nC2,2024-01-02,-2\n');
    const outcome = await cli([
      'import',
      'bad.tenure',
      'all-bad.csv',
      ...orders,
      '--rejected',
      'bad-rows.csv',
    ]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('Rejected rows written to');
    expect(outcome.stderr).toContain('No row of all-bad.csv could be imported');
    expect(readFileSync(join(dir, 'bad-rows.csv'), 'utf8').split('\r\n').length).toBe(4);
  });
});
