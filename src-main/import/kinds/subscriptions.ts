import { readBillingInterval } from './billing-interval';
import { endBeforeStart, shownNumber, type KindSpec } from './spec';

/**
 * Subscriptions: an open end (empty) is fine; an end before the start is not. MRR is never negative.
 * The billing interval is stored as month, quarter or year, whatever words the file uses.
 */
export const subscriptionsSpec: KindSpec = {
  kind: 'subscriptions',
  vocabularies: { interval: readBillingInterval },
  check(roles) {
    const mrr = roles.mrr;
    if (typeof mrr === 'number' && mrr < 0) {
      return {
        code: 'negative_amount',
        role: 'mrr',
        reason: `MRR ${shownNumber(mrr)} is negative (a credit note?); a subscription's recurring amount is 0 or more`,
      };
    }
    return endBeforeStart(roles);
  },
};
