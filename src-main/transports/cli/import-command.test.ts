import { describe, expect, it } from 'vitest';
import type { InspectResponse } from '@shared/contract/import';
import { completeMapping, importArgs } from './import-command';
import { UsageError } from './usage-error';

const inspected = (suggested: InspectResponse['suggestedMapping']) =>
  ({
    columns: [{ name: 'customer_id' }, { name: 'Churn' }, { name: 'tenure' }],
    suggestedMapping: suggested,
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
      mapping: { id: 'customer_id', churned: 'Status=Final' },
      options: { delimiter: '\t', encoding: 'utf-8', decimal: ',', hasHeader: false },
      types: { 'zip=code': 'category', age: 'integer' },
      ignore: undefined,
      churnedValues: ['2', 'gone'],
      tenureUnit: 'months',
      dryRun: true,
    });
  });

  it('fills in only the id from the inspection, and says so', () => {
    const { mapping, notes } = completeMapping(
      { churned: 'Churn' },
      inspected({ id: 'customer_id', tenure: 'tenure' }),
    );
    expect(mapping).toEqual({ id: 'customer_id', churned: 'Churn' });
    expect(notes).toEqual([
      'No --map id given: using column "customer_id" as the customer id (the inspection\'s suggestion).',
      'The inspection also suggests --map tenure=tenure (not applied).',
    ]);
  });

  it('keeps the given id and notes nothing when all suggestions were given', () => {
    const { mapping, notes } = completeMapping(
      { id: 'customer_id', churned: 'Churn' },
      inspected({ id: 'other', churned: 'Churn' }),
    );
    expect(mapping).toEqual({ id: 'customer_id', churned: 'Churn' });
    expect(notes).toEqual([]);
  });

  it('is a usage error when there is no id at all', () => {
    expect(() => completeMapping({}, inspected({}))).toThrow(UsageError);
    expect(() => completeMapping({}, inspected({}))).toThrow('Columns: customer_id, Churn, tenure');
  });
});
