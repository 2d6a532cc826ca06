import { endBeforeStart, shownNumber, type KindSpec } from './spec';

/** One row per customer: a negative tenure or an end before the start is a mistake in the row. */
export const customersSpec: KindSpec = {
  kind: 'customers',
  check(roles) {
    const tenure = roles.tenure;
    if (typeof tenure === 'number' && tenure < 0) {
      return { code: 'negative_tenure', role: 'tenure', reason: `tenure ${shownNumber(tenure)} is negative` };
    }
    return endBeforeStart(roles);
  },
};
