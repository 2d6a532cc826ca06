import { describe, expect, it } from 'vitest';
import type { InspectedColumn } from '@shared/contract/import';
import type { ParseOptions } from '@shared/domain/parse-options';
import {
  assignRole,
  assignType,
  buildImportRequest,
  checkMapping,
  churnedNeedsValues,
  initialMapping,
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
    typeReason: '',
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

const options: ParseOptions = {
  encoding: 'utf-8',
  delimiter: ',',
  quote: '"',
  hasHeader: true,
  decimal: '.',
  dateOrder: 'ymd',
  missing: ['NA'],
};

describe('import wizard mapping', () => {
  it('starts from the suggested roles and the inferred types', () => {
    const state = initialMapping(telco, { id: 'customer_id', churned: 'Churn', tenure: 'tenure' });
    expect(state.choices).toEqual({
      customer_id: { role: 'id', type: 'text' },
      Contract: { role: 'attribute', type: 'category' },
      tenure: { role: 'tenure', type: 'integer' },
      Churn: { role: 'churned', type: 'boolean' },
    });
    expect(checkMapping(state, telco).problems).toEqual(['Say in which unit “tenure” counts tenure.']);
  });

  it('moves a single-column role off the column that held it', () => {
    const state = assignRole(initialMapping(telco, { id: 'customer_id' }), 'Contract', 'id');
    expect(state.choices.customer_id?.role).toBe('attribute');
    expect(state.choices.Contract?.role).toBe('id');
  });

  it('keeps choices for columns that survive a re-inspection', () => {
    const first = assignType(initialMapping(telco, { id: 'customer_id' }), 'tenure', 'decimal');
    const again = initialMapping(telco, { id: 'customer_id' }, assignRole(first, 'Contract', 'ignore'));
    expect(again.choices.tenure).toEqual({ role: 'attribute', type: 'decimal' });
    expect(again.choices.Contract?.role).toBe('ignore');
    expect(again.choices.customer_id?.role).toBe('id');
  });

  it('asks which value means churned when the flag is not yes/no-like', () => {
    expect(churnedNeedsValues(telco[3]!)).toBe(false);
    // lung's status is 1/2: "1" reads as yes, "2" is no yes/no word, so the user has to say.
    expect(churnedNeedsValues(lung[2]!)).toBe(true);
    let state = assignRole(initialMapping(lung, { id: 'inst', tenure: 'time' }), 'status', 'churned');
    state = { ...state, tenureUnit: 'days' };
    expect(checkMapping(state, lung).problems).toEqual([
      'Tick the value(s) of “status” that mean the customer churned.',
    ]);
    state = { ...state, churnedValues: ['2'] };
    expect(checkMapping(state, lung).problems).toEqual([]);
    const request = buildImportRequest({
      project: 'p',
      path: 'lung.csv',
      options,
      columns: lung,
      mapping: state,
      dryRun: false,
    });
    expect(request.churnedValues).toEqual(['2']);
    expect(request.mapping).toEqual({ id: 'inst', churned: 'status', tenure: 'time' });
  });

  it('builds the request with only the overridden types and the ignored columns', () => {
    let state = initialMapping(telco, { id: 'customer_id', churned: 'Churn', tenure: 'tenure' });
    state = assignType(state, 'tenure', 'decimal');
    state = assignRole(state, 'Contract', 'ignore');
    state = { ...state, tenureUnit: 'months' };
    expect(checkMapping(state, telco)).toEqual({ problems: [], warnings: [] });
    expect(
      buildImportRequest({
        project: '/p.tenure',
        path: '/t.csv',
        options,
        columns: telco,
        mapping: state,
        dryRun: true,
      }),
    ).toEqual({
      project: '/p.tenure',
      path: '/t.csv',
      kind: 'customers',
      options,
      mapping: { id: 'customer_id', churned: 'Churn', tenure: 'tenure' },
      types: { tenure: 'decimal' },
      ignore: ['Contract'],
      tenureUnit: 'months',
      dryRun: true,
    });
  });
});
