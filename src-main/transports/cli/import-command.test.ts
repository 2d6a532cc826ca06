import { describe, expect, it } from 'vitest';
import type { InspectResponse } from '@shared/contract/import';
import { completeMapping, dateOrderOf, importArgs, importRequest } from './import-command';
import { UsageError } from './usage-error';

const inspected = (suggested: InspectResponse['suggestedMapping']) =>
  ({
    columns: [{ name: 'customer_id' }, { name: 'Churn' }, { name: 'tenure' }],
    suggestedMapping: suggested,
    options: { delimiter: ',' },
  }) as unknown as InspectResponse;

describe('tenure import arguments', () => {
  it('turns flags into the import request parts, paths resolved against the working directory', () => {
    const args = importArgs(
      ['p.tenure', 'data/f.csv'],
      {
        kind: 'customers',
        map: ['id=customer_id', 'churned=Status=Final'],
        'churned-value': ['2', 'gone'],
        'tenure-unit': 'months',
        type: ['zip=code=category', 'age=integer'],
        delimiter: 'tab',
        encoding: 'UTF8',
        decimal: ',',
        'no-header': true,
        'dry-run': true,
      },
      '/home/ana',
    );
    expect(args).toEqual({
      project: '/home/ana/p.tenure',
      file: '/home/ana/data/f.csv',
      kind: 'customers',
      mode: 'replace',
      mapping: { id: 'customer_id', churned: 'Status=Final' },
      options: { delimiter: '\t', encoding: 'utf-8', decimal: ',', hasHeader: false },
      types: { 'zip=code': 'category', age: 'integer' },
      ignore: undefined,
      churnedValues: ['2', 'gone'],
      tenureUnit: 'months',
      keepDuplicates: false,
      allowRepeat: false,
      dryRun: true,
      rejectedOut: undefined,
    });
  });

  it('takes every kind with its own roles, the mode, sheets, title rows, date formats and missing tokens', () => {
    const args = importArgs(
      ['p.tenure', 'orders.xlsx'],
      {
        kind: 'transactions',
        map: ['customer=Kunde', 'date=Datum', 'amount=Betrag'],
        mode: 'append',
        sheet: 'März',
        'skip-rows': '2',
        'date-format': 'dd.mm.yyyy',
        missing: 'NA, -,',
        'allow-repeat': true,
        'keep-duplicates': true,
        rejects: 'out/rejected.csv',
      },
      '/w',
    );
    expect(args).toMatchObject({
      kind: 'transactions',
      mode: 'append',
      mapping: { customer: 'Kunde', date: 'Datum', amount: 'Betrag' },
      options: { sheet: 'März', skipRows: 2, dateOrder: 'dmy', missing: ['NA', '-', ''] },
      allowRepeat: true,
      keepDuplicates: true,
      rejectedOut: '/w/out/rejected.csv',
    });
    expect(importRequest(args, inspected({}), args.mapping)).toMatchObject({
      kind: 'transactions',
      mode: 'append',
      duplicateRows: 'keep',
      allowRepeat: true,
      options: { delimiter: ',' },
    });
    expect([dateOrderOf('mm/dd/yyyy'), dateOrderOf('YYYY-MM-DD'), dateOrderOf('d.m.yyyy')]).toEqual([
      'mdy',
      'ymd',
      'dmy',
    ]);
  });

  it.each([
    [
      { kind: 'orders' },
      '--kind orders is not a kind of data; kinds are customers|subscriptions|transactions|events|feedback.',
    ],
    [
      { kind: 'transactions', map: ['id=x'] },
      '--map: "id" is not a role of transactions; its roles are customer, date, amount, quantity, product.',
    ],
    [
      { kind: 'feedback', map: ['nps=score'] },
      '--map: "nps" is not a role of feedback; its roles are customer, date, score, comment, reason.',
    ],
    [{ kind: 'events', mode: 'merge' }, '--mode takes append or replace, not "merge".'],
    [{ kind: 'events', 'tenure-unit': 'days' }, '--tenure-unit is for customer tables (--kind customers).'],
    [{ kind: 'events', 'skip-rows': 'two' }, '--skip-rows takes a whole number (0-10000).'],
    [{ kind: 'events', 'date-format': 'iso' }, /--date-format takes a pattern/],
  ])('refuses %j', (flags, message) => {
    expect(() => importArgs(['p.tenure', 'f.csv'], flags, '/')).toThrow(UsageError);
    expect(() => importArgs(['p.tenure', 'f.csv'], flags, '/')).toThrow(message);
  });

  it('fills in only the customer id from the inspection, and says so', () => {
    const { mapping, notes } = completeMapping(
      'customers',
      { churned: 'Churn' },
      inspected({ id: 'customer_id', tenure: 'tenure' }),
    );
    expect(mapping).toEqual({ id: 'customer_id', churned: 'Churn' });
    expect(notes).toEqual([
      'No --map id given: using column "customer_id" as the customer id (the inspection\'s suggestion).',
      'The inspection also suggests --map tenure=tenure (not applied).',
    ]);
    const orders = completeMapping(
      'transactions',
      { date: 'd', amount: 'a' },
      inspected({ customer: 'customer_id', date: 'd', amount: 'a' }),
    );
    expect(orders).toEqual({
      mapping: { customer: 'customer_id', date: 'd', amount: 'a' },
      notes: [
        'No --map customer given: using column "customer_id" as the customer id (the inspection\'s suggestion).',
      ],
    });
  });

  it('keeps the given id and notes nothing when all suggestions were given', () => {
    const { mapping, notes } = completeMapping(
      'customers',
      { id: 'customer_id', churned: 'Churn' },
      inspected({ id: 'other', churned: 'Churn' }),
    );
    expect(mapping).toEqual({ id: 'customer_id', churned: 'Churn' });
    expect(notes).toEqual([]);
  });

  it('is a usage error when there is no id at all, or a required role is missing', () => {
    expect(() => completeMapping('customers', {}, inspected({}))).toThrow(UsageError);
    expect(() => completeMapping('customers', {}, inspected({}))).toThrow(
      'Columns: customer_id, Churn, tenure',
    );
    expect(() =>
      completeMapping('transactions', { customer: 'c' }, inspected({ date: 'order_date' })),
    ).toThrow(
      'Importing transactions needs --map date=COLUMN and --map amount=COLUMN (the inspection suggests --map date=order_date).',
    );
  });
});
