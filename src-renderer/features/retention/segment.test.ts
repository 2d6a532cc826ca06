import { describe, expect, it } from 'vitest';
import type { CustomerColumn } from '@shared/contract/customers';
import type { AppliedChurnDefinition } from '@shared/domain/churn-definition';
import { analysisCaption, describeFilter, describeSegment, groupableColumns } from './segment';

const columns: CustomerColumn[] = [
  { key: 'id', name: 'customer_id', type: 'text', role: 'id' },
  { key: 'a1', name: 'Contract', type: 'category', role: 'attribute' },
  { key: 'tenure', name: 'tenure', type: 'integer', role: 'tenure', unit: 'months' },
  { key: 'churned', name: 'Churn', type: 'boolean', role: 'churned' },
];

const applied: AppliedChurnDefinition = {
  definition: { kind: 'flag' },
  graceDays: null,
  inactivityDays: null,
  asOf: '2024-03-31',
  asOfSource: 'data',
  summary: 'Churned = the column "Churn" says so.',
  explanation: '',
};

describe('segment words', () => {
  it('names each filter by its column name, with the value in words', () => {
    expect(describeFilter({ key: 'a1', op: 'eq', value: 'Month-to-month' }, columns)).toBe(
      'Contract = Month-to-month',
    );
    expect(describeFilter({ key: 'tenure', op: 'gte', value: 12 }, columns)).toBe('tenure ≥ 12');
    expect(describeFilter({ key: 'churned', op: 'eq', value: false }, columns)).toBe('Churn = no');
    expect(describeFilter({ key: 'a1', op: 'missing' }, columns)).toBe('Contract is empty');
    // A key the table no longer has still says something.
    expect(describeFilter({ key: 'a9', op: 'eq', value: 'x' }, columns)).toBe('a9 = x');
  });

  it('joins the filters with "and", and says "All customers" without any', () => {
    expect(describeSegment([], columns)).toBe('All customers');
    expect(
      describeSegment(
        [
          { key: 'a1', op: 'eq', value: 'One year' },
          { key: 'tenure', op: 'lt', value: 6 },
        ],
        columns,
      ),
    ).toBe('Segment: Contract = One year and tenure < 6');
  });

  it('captions a chart with the definition, the as-of date and the segment', () => {
    expect(analysisCaption(applied, '2024-03-31', [], columns)).toBe(
      'Churned = the column "Churn" says so. · as of 2024-03-31 · All customers',
    );
    expect(analysisCaption(null, null, [], columns)).toBe(
      'No churn definition · no as-of date · All customers',
    );
  });

  it('groups by anything but the id', () => {
    expect(groupableColumns(columns).map((column) => column.key)).toEqual(['a1', 'tenure', 'churned']);
  });
});
