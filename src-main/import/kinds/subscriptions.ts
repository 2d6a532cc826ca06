import { endBeforeStart, shownNumber, type KindSpec } from './spec';

/** Subscriptions: an open end (empty) is fine; an end before the start is not. MRR is never negative. */
export const subscriptionsSpec: KindSpec = {
  kind: 'subscriptions',
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
