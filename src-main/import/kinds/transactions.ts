import { shownNumber, type KindSpec } from './spec';

/**
 * Orders. A negative amount is most likely a refund or a cancellation line; counted as an order it
 * would lower revenue and add a purchase, so it is rejected and listed (amount 0 is a free order and
 * is kept: CDNOW has 80 of them).
 */
export const transactionsSpec: KindSpec = {
  kind: 'transactions',
  check(roles) {
    const amount = roles.amount;
    if (typeof amount === 'number' && amount < 0) {
      return {
        code: 'negative_amount',
        role: 'amount',
        reason: `amount ${shownNumber(amount)} is negative (a refund?); only orders are imported`,
      };
    }
    return null;
  },
};
