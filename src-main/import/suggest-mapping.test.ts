import { describe, expect, it } from 'vitest';
import type { InspectedColumn } from '@shared/contract/import';
import type { ColumnType } from '@shared/domain/columns';
import { guessKind, suggestMapping } from './suggest-mapping';

const columns = (...list: [string, ColumnType][]): InspectedColumn[] =>
  list.map(([name, type], index) => ({
    index,
    name,
    type,
    typeReason: '',
    missing: 0,
    distinct: 10,
    topValues: [{ value: 'x', count: 3 }],
  }));

describe('guessKind and suggestMapping per kind', () => {
  it.each([
    [
      'a German shop export',
      columns(
        ['Kundennummer', 'text'],
        ['Bestelldatum', 'date'],
        ['Betrag', 'decimal'],
        ['Menge', 'integer'],
        ['Artikel', 'category'],
      ),
      'transactions',
      {
        customer: 'Kundennummer',
        date: 'Bestelldatum',
        amount: 'Betrag',
        quantity: 'Menge',
        product: 'Artikel',
      },
    ],
    [
      'a billing system',
      columns(
        ['account_id', 'text'],
        ['plan', 'category'],
        ['started_at', 'date'],
        ['cancelled_at', 'date'],
        ['MRR', 'decimal'],
      ),
      'subscriptions',
      { customer: 'account_id', plan: 'plan', start: 'started_at', end: 'cancelled_at', mrr: 'MRR' },
    ],
    [
      'a product log',
      columns(['user_id', 'text'], ['timestamp', 'date'], ['event', 'category'], ['duration', 'integer']),
      'events',
      { customer: 'user_id', time: 'timestamp', type: 'event', value: 'duration' },
    ],
    [
      'a survey tool',
      columns(['customer', 'text'], ['submitted_at', 'date'], ['NPS', 'integer'], ['Comment', 'text']),
      'feedback',
      { customer: 'customer', date: 'submitted_at', score: 'NPS', comment: 'Comment' },
    ],
  ])('%s', (_, file, kind, mapping) => {
    expect(guessKind(file).value).toBe(kind);
    expect(suggestMapping(kind as 'transactions', file)).toEqual(mapping);
  });

  it.each([
    ['interval', 'category'],
    ['Billing Interval', 'category'],
    ['billing_period', 'category'],
    ['Billing cycle', 'text'],
    ['frequency', 'category'],
    ['Payment frequency', 'category'],
    ['Abrechnungszeitraum', 'category'],
    ['Intervall', 'category'],
    ['interval_months', 'integer'],
  ] as [string, ColumnType][])('suggests "%s" (%s) as the billing interval', (name, type) => {
    const file = columns(
      ['customer_id', 'text'],
      ['plan', 'category'],
      ['start_date', 'date'],
      ['mrr', 'decimal'],
      [name, type],
    );
    expect(guessKind(file).value).toBe('subscriptions');
    expect(suggestMapping('subscriptions', file)).toMatchObject({ interval: name, mrr: 'mrr' });
  });

  it('takes no trial period or billing-cycle day for the billing interval', () => {
    const file = columns(
      ['customer_id', 'text'],
      ['start_date', 'date'],
      ['trial_period', 'integer'],
      ['billing_cycle_day', 'integer'],
    );
    expect(suggestMapping('subscriptions', file).interval).toBeUndefined();
  });

  it('needs a telltale role: a customer list with a signup date is not feedback', () => {
    const file = columns(['customer_id', 'text'], ['date', 'date'], ['region', 'category']);
    expect(guessKind(file)).toEqual({
      value: 'customers',
      reason:
        'no column names point to orders, subscriptions, events or feedback, so it is read as a customer table (one row per customer)',
    });
  });

  it('goes by names for the kind, by names and types for the mapping', () => {
    const file = columns(['customer_id', 'text'], ['date', 'date'], ['amount', 'text']);
    expect(guessKind(file).value).toBe('transactions');
    expect(suggestMapping('transactions', file)).toEqual({ customer: 'customer_id', date: 'date' });
  });

  it('never suggests a bare "id" as the customer of a transaction (it is the order\'s own id)', () => {
    const file = columns(['id', 'integer'], ['customer', 'text'], ['date', 'date'], ['total', 'decimal']);
    expect(suggestMapping('transactions', file)).toEqual({
      customer: 'customer',
      date: 'date',
      amount: 'total',
    });
  });
});
