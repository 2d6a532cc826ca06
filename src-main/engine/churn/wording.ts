import type { ChurnDefinition } from '@shared/domain/churn-definition';
import type { AutomaticWindow } from './inter-purchase';
import type { ChurnFacts } from './definition';

export interface WordingInput {
  definition: ChurnDefinition;
  graceDays: number | null;
  inactivityDays: number | null;
  automatic: boolean;
  fallback: string | null;
  facts: ChurnFacts;
  /** Raw values of the flag column read as churned (e.g. ["Yes"]), when known. */
  flagValues: string[] | null;
  asOf: string | null;
  asOfSource: 'user' | 'data' | 'none';
  window: AutomaticWindow | null;
  /** Customers in the view, and those the definition cannot classify (churned unknown). */
  customers: number;
  unknown: number;
}

const count = (n: number) => n.toLocaleString('en-US');
const days = (n: number) => `${count(n)} day${n === 1 ? '' : 's'}`;

function asOfWords(input: WordingInput): string {
  if (input.asOf === null) return 'The data has no dates, so there is no as-of date.';
  return input.asOfSource === 'user'
    ? `The analysis date (as of) is ${input.asOf}, as set for this project.`
    : `The analysis date (as of) is ${input.asOf}, the latest date in the data.`;
}

function leftOut(input: WordingInput, why: string): string {
  if (input.unknown === 0) return '';
  return ` ${count(input.unknown)} of ${count(input.customers)} customers ${why}, so they are left out of churn shares.`;
}

/** The one-line summary every analysis shows beside its numbers, and the paragraph behind it. */
export function describeDefinition(input: WordingInput): { summary: string; explanation: string } {
  const parts: string[] = [];
  let summary: string;
  const { definition, facts } = input;
  if (definition.kind === 'flag') {
    if (facts.flagColumn) {
      const values = input.flagValues?.length ? ` (${input.flagValues.map((v) => `"${v}"`).join(', ')})` : '';
      summary = `Churned = the customer table's column "${facts.flagColumn}" says so${values}.`;
      parts.push(
        `Each customer's churned flag is read from the column "${facts.flagColumn}" of the customer table${values ? `; values read as churned: ${values.slice(2, -1)}` : ''}. ` +
          'The flag describes the customers as the file was exported, so the as-of date does not change who is churned' +
          (facts.endColumn
            ? `; churn dates are the end dates in "${facts.endColumn}".`
            : '; the file has no end dates, so churn dates are unknown.'),
      );
    } else {
      const until = input.asOf ? ` on or before ${input.asOf}` : '';
      summary = `Churned = has an end date ("${facts.endColumn}") in the customer table${until}.`;
      parts.push(
        `The customer table has no churned column, so a customer with an end date in "${facts.endColumn}"${until} counts as churned, and the end date is the churn date.`,
      );
    }
    parts.push(leftOut(input, 'are not in the customer table (or their flag is empty)').trim());
  } else if (definition.kind === 'contractual') {
    const grace = input.graceDays ?? 30;
    summary = `Churned = every subscription ended and none renewed within ${days(grace)}, as of ${input.asOf}.`;
    parts.push(
      `A customer counts as churned when all of their subscriptions have ended by the as-of date and at least ${days(grace)} ` +
        '(the grace period) have passed since the last one ended without a new one starting. The churn date is the end of the last subscription. ' +
        `A customer whose last subscription ended less than ${days(grace)} before the as-of date is still counted as active: they may yet renew. ` +
        'Subscriptions that start after the as-of date, and ends after it, are not yet known at that date and are ignored.',
    );
    parts.push(leftOut(input, 'have no subscription that started by then').trim());
  } else {
    const window = input.inactivityDays ?? 0;
    summary = `Churned = no order for more than ${days(window)} before ${input.asOf}.`;
    parts.push(
      `A customer counts as churned when their last order is more than ${days(window)} before the as-of date. ` +
        'Shops are not told when a customer leaves, so the churn date is the day of the last order: the day the customer was last seen, not a day they announced.',
    );
    if (input.automatic && input.window?.ok) {
      const p = input.window.percentileDays;
      const shown = Number.isInteger(p) ? count(p) : p.toFixed(1);
      parts.push(
        `The ${days(window)} were chosen from the data: 90% of repeat purchases (${count(input.window.gaps)} gaps between consecutive order days of the same customer) ` +
          `came within ${shown} days of the previous one, rounded up to a whole week. Customers silent longer than that are counted as churned. ` +
          'About one repeat purchase in ten comes after a longer silence, so some of them will come back; gaps still open at the as-of date cannot be seen, so if anything the window is short for rare buyers.',
      );
    } else {
      parts.push(`The ${days(window)} were set for this project.`);
    }
    parts.push(leftOut(input, 'have no order by then').trim());
  }
  parts.push(asOfWords(input));
  if (input.fallback) parts.unshift(`${input.fallback} Using the default for this data instead.`);
  return { summary, explanation: parts.filter((part) => part !== '').join(' ') };
}
