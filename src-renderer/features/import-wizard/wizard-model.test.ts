import { describe, expect, it } from 'vitest';
import type { ImportSettings, InspectedColumn } from '@shared/contract/import';
import type { ParseOptions } from '@shared/domain/parse-options';
import {
  assignRole,
  assignRoleToColumn,
  assignType,
  buildImportRequest,
  buildImportSettings,
  checkMapping,
  churnedNeedsValues,
  defaultMode,
  initialMapping,
  mappingFromSettings,
} from './wizard-model';

function column(
  index: number,
  name: string,
  type: InspectedColumn['type'],
  values: string[] = [],
): InspectedColumn {
  return {
    index,
    name,
    type,
    typeReason: `read as ${type}`,
    missing: 0,
    distinct: values.length,
    topValues: values.map((value) => ({ value, count: 1 })),
  };
}

// The shape of the IBM Telco sample (resources/samples/telco_churn.csv), cut to a few columns.
const telco = [
  column(0, 'customer_id', 'text'),
  column(1, 'Contract', 'category', ['Month-to-month', 'Two year', 'One year']),
  column(2, 'tenure', 'integer'),
  column(3, 'Churn', 'boolean', ['No', 'Yes']),
];
// R's survival::lung: status 1 = censored, 2 = dead.
const lung = [
  column(0, 'inst', 'integer'),
  column(1, 'time', 'integer'),
  column(2, 'status', 'integer', ['2', '1']),
];
// A German orders export: Kundennr;Bestelldatum;Betrag;Menge;Artikel
const orders = [
  column(0, 'Kundennr', 'text'),
  column(1, 'Bestelldatum', 'date'),
  column(2, 'Betrag', 'decimal'),
  column(3, 'Menge', 'integer'),
  column(4, 'Artikel', 'category', ['Kaffee', 'Tee']),
];

const options: ParseOptions = {
  encoding: 'utf-8',
  delimiter: ',',
  quote: '"',
  hasHeader: true,
  decimal: '.',
  dateOrder: 'ymd',
  missing: ['NA'],
  skipRows: 0,
  sheet: null,
};

describe('import wizard mapping: customers', () => {
  it('starts from the suggested roles and the inferred types', () => {
    const state = initialMapping('customers', telco, {
      id: 'customer_id',
      churned: 'Churn',
      tenure: 'tenure',
    });
    expect(state.choices).toEqual({
      customer_id: { role: 'id', type: 'text' },
      Contract: { role: 'attribute', type: 'category' },
      tenure: { role: 'tenure', type: 'integer' },
      Churn: { role: 'churned', type: 'boolean' },
    });
    expect(checkMapping(state, telco).problems).toEqual(['Say in which unit “tenure” counts tenure.']);
  });

  it('moves a role off the column that held it', () => {
    const state = assignRole(
      initialMapping('customers', telco, { id: 'customer_id' }),
      telco,
      'Contract',
      'id',
    );
    expect(state.choices.customer_id?.role).toBe('attribute');
    // The customer ID is always text.
    expect(state.choices.Contract).toEqual({ role: 'id', type: 'text' });
  });

  it('keeps choices for columns that survive a re-inspection, for the same kind only', () => {
    const first = assignType(initialMapping('customers', telco, { id: 'customer_id' }), 'tenure', 'decimal');
    const ignored = assignRole(first, telco, 'Contract', 'ignore');
    const again = initialMapping('customers', telco, { id: 'customer_id' }, ignored);
    expect(again.choices.tenure).toEqual({ role: 'attribute', type: 'decimal' });
    expect(again.choices.Contract?.role).toBe('ignore');
    expect(again.choices.customer_id?.role).toBe('id');
    const otherKind = initialMapping('transactions', telco, { customer: 'customer_id' }, ignored);
    expect(otherKind.choices.Contract?.role).toBe('attribute');
    expect(otherKind.choices.customer_id?.role).toBe('customer');
  });

  it('asks which value means churned when the flag is not yes/no-like', () => {
    expect(churnedNeedsValues(telco[3]!)).toBe(false);
    // lung's status is 1/2: "1" reads as yes, "2" is no yes/no word, so the user has to say.
    expect(churnedNeedsValues(lung[2]!)).toBe(true);
    let state = assignRole(
      initialMapping('customers', lung, { id: 'inst', tenure: 'time' }),
      lung,
      'status',
      'churned',
    );
    state = { ...state, tenureUnit: 'days' };
    expect(checkMapping(state, lung).problems).toEqual([
      'Tick the value(s) of “status” that mean the customer churned.',
    ]);
    state = { ...state, churnedValues: ['2'] };
    expect(checkMapping(state, lung).problems).toEqual([]);
    const settings = buildImportSettings({ options, columns: lung, mapping: state });
    expect(settings.churnedValues).toEqual(['2']);
    expect(settings.mapping).toEqual({ id: 'inst', tenure: 'time', churned: 'status' });
  });

  it('builds the request with only the overridden types and the ignored columns', () => {
    let state = initialMapping('customers', telco, { id: 'customer_id', churned: 'Churn', tenure: 'tenure' });
    state = assignType(state, 'tenure', 'decimal');
    state = assignRole(state, telco, 'Contract', 'ignore');
    state = { ...state, tenureUnit: 'months' };
    expect(checkMapping(state, telco)).toEqual({ problems: [], warnings: [] });
    const settings = buildImportSettings({ options, columns: telco, mapping: state });
    expect(
      buildImportRequest({ project: '/p.tenure', path: '/t.csv', settings, mode: 'replace', dryRun: true }),
    ).toEqual({
      project: '/p.tenure',
      path: '/t.csv',
      kind: 'customers',
      options,
      mapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
      types: { tenure: 'decimal' },
      ignore: ['Contract'],
      tenureUnit: 'months',
      mode: 'replace',
      dryRun: true,
    });
  });
});

describe('import wizard mapping: other kinds', () => {
  it('requires the roles the kind requires, by their labels', () => {
    const state = initialMapping('transactions', orders, {});
    expect(checkMapping(state, orders).problems).toEqual([
      'Choose the column for “Customer ID” — who bought.',
      'Choose the column for “Date” — when the order was placed.',
      'Choose the column for “Amount” — order value (refunds negative).',
    ]);
  });

  it('maps a German orders file role by role and unmaps a role with null', () => {
    let state = initialMapping('transactions', orders, {});
    state = assignRoleToColumn(state, orders, 'customer', 'Kundennr');
    state = assignRoleToColumn(state, orders, 'date', 'Bestelldatum');
    state = assignRoleToColumn(state, orders, 'amount', 'Betrag');
    state = assignRoleToColumn(state, orders, 'quantity', 'Menge');
    expect(checkMapping(state, orders)).toEqual({ problems: [], warnings: [] });
    const settings = buildImportSettings({ options, columns: orders, mapping: state });
    expect(settings).toEqual({
      kind: 'transactions',
      mapping: { customer: 'Kundennr', date: 'Bestelldatum', amount: 'Betrag', quantity: 'Menge' },
      options,
    });
    state = assignRoleToColumn(state, orders, 'quantity', null);
    expect(state.choices.Menge).toEqual({ role: 'attribute', type: 'integer' });
  });

  it('warns when a date role does not read as dates (the date order is probably wrong)', () => {
    const misread = orders.map((c) =>
      c.name === 'Bestelldatum'
        ? { ...c, type: 'text' as const, typeReason: '12 of 20 values are not dates' }
        : c,
    );
    const state = initialMapping('transactions', misread, {
      customer: 'Kundennr',
      date: 'Bestelldatum',
      amount: 'Betrag',
    });
    // The date role reads its column as a date whatever was inferred.
    expect(state.choices.Bestelldatum).toEqual({ role: 'date', type: 'date' });
    expect(checkMapping(state, misread).warnings).toEqual([
      '“Bestelldatum” is the Date but does not read as dates (12 of 20 values are not dates). Check the date format in the read options, or rows with unreadable dates will be rejected.',
    ]);
    // …and its type is not sent as an override: the role fixes it.
    expect(buildImportSettings({ options, columns: misread, mapping: state }).types).toBeUndefined();
  });

  it('repeats an earlier import from its settings', () => {
    const settings: ImportSettings = {
      kind: 'transactions',
      mapping: { customer: 'Kundennr', date: 'Bestelldatum', amount: 'Betrag' },
      options: { delimiter: ';', decimal: ',', dateOrder: 'dmy' },
      types: { Menge: 'decimal' },
      ignore: ['Artikel'],
    };
    const state = mappingFromSettings(settings, orders);
    expect(state.choices).toEqual({
      Kundennr: { role: 'customer', type: 'text' },
      Bestelldatum: { role: 'date', type: 'date' },
      Betrag: { role: 'amount', type: 'decimal' },
      Menge: { role: 'attribute', type: 'decimal' },
      Artikel: { role: 'ignore', type: 'category' },
    });
    expect(buildImportSettings({ options: settings.options!, columns: orders, mapping: state })).toEqual(
      settings,
    );
  });

  it('appends logs and replaces tables by default', () => {
    expect(defaultMode('transactions')).toBe('append');
    expect(defaultMode('events')).toBe('append');
    expect(defaultMode('customers')).toBe('replace');
    expect(defaultMode('subscriptions')).toBe('replace');
  });
});
