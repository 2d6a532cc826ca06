import { describe, expect, it } from 'vitest';
import type { ValueCustomer } from './contract/value';
import { valueCsvHeader, valueCsvLines, valueCustomersCsv } from './value-csv';

const customer: ValueCustomer = {
  customerId: '=HYPERLINK("x")',
  x: 2,
  tx: 30.5,
  T: 39,
  zbar: 25,
  pAlive: 0.9,
  expectedPurchases: 1.2,
  expectedSpend: 26,
  clv: 9.5,
  decile: 10,
  rfmSegment: 'Champions',
  riskTier: null,
};

describe('value CSV', () => {
  it('keeps the columns and order the CLI has always written', () => {
    expect(valueCsvHeader).toBe(
      'customer_id,repeat_purchases,recency,age,mean_repeat_spend,p_alive,expected_purchases,' +
        'expected_spend,clv,clv_decile,rfm_segment,risk_tier\r\n',
    );
  });

  it('writes one CRLF line per customer, formulas neutralised, nulls empty', () => {
    expect(valueCsvLines([customer, { ...customer, customerId: 'b', clv: null }])).toBe(
      `"'=HYPERLINK(""x"")",2,30.5,39,25,0.9,1.2,26,9.5,10,Champions,\r\n` +
        'b,2,30.5,39,25,0.9,1.2,26,,10,Champions,\r\n',
    );
  });

  it('the whole file is the header then the lines', () => {
    expect(valueCustomersCsv([customer])).toBe(valueCsvHeader + valueCsvLines([customer]));
    expect(valueCustomersCsv([])).toBe(valueCsvHeader);
  });
});
