import type { CustomerMapping, InspectedColumn } from '@shared/contract/import';
import type { ColumnType, MappableCustomerRole } from '@shared/domain/columns';

/**
 * Suggests which column plays which customer role, from column names and types. Names are compared
 * in a normalised form (lower case, letters and digits only: "Customer ID", "customer_id" and
 * "customerID" are all "customerid"). An exact name from a role's list wins over a name that only
 * contains one of its words; a column is never suggested for two roles.
 */

interface RoleRule {
  /** Normalised names, best first. */
  names: string[];
  /** Words that, inside a longer name, also point to the role (e.g. "signup" in "Signup Date"). */
  words: string[];
  types: ColumnType[];
}

const rules: Record<MappableCustomerRole, RoleRule> = {
  id: {
    names: [
      'customerid',
      'custid',
      'clientid',
      'accountid',
      'subscriberid',
      'memberid',
      'userid',
      'customernumber',
      'customerno',
      'customernr',
      'customercode',
      'kundennummer',
      'kundenid',
      'id',
      'customer',
      'client',
      'account',
      'subscriber',
      'member',
      'user',
    ],
    words: ['id', 'customer', 'client', 'account'],
    types: ['text', 'integer', 'category'],
  },
  churned: {
    names: [
      'churn',
      'churned',
      'churnflag',
      'ischurned',
      'haschurned',
      'churnlabel',
      'status',
      'event',
      'left',
      'cancelled',
      'canceled',
      'exited',
      'attrition',
      'attrited',
      'lost',
      'terminated',
    ],
    words: ['churn', 'churned', 'cancelled', 'canceled', 'attrition', 'exited'],
    types: ['boolean', 'category', 'integer'],
  },
  tenure: {
    names: [
      'tenure',
      'tenuremonths',
      'tenuredays',
      'tenureweeks',
      'tenureyears',
      'lifetime',
      'lifetimemonths',
      'months',
      'monthsactive',
      'days',
      'daysactive',
      'duration',
      'time',
      'survivaltime',
    ],
    words: ['tenure', 'lifetime'],
    types: ['integer', 'decimal'],
  },
  start: {
    names: [
      'startdate',
      'start',
      'signupdate',
      'signup',
      'joindate',
      'joined',
      'joineddate',
      'datejoined',
      'createddate',
      'created',
      'createdat',
      'subscriptionstart',
      'customersince',
      'since',
      'activationdate',
      'firstpurchase',
    ],
    words: ['start', 'signup', 'joined', 'join', 'created', 'since', 'activation', 'begin'],
    types: ['date'],
  },
  end: {
    names: [
      'enddate',
      'end',
      'canceldate',
      'cancellationdate',
      'cancelledat',
      'canceledat',
      'churndate',
      'churnedat',
      'terminationdate',
      'leftdate',
      'exitdate',
      'closedate',
      'closeddate',
      'enddatum',
    ],
    words: [
      'end',
      'cancel',
      'cancellation',
      'cancelled',
      'canceled',
      'churn',
      'termination',
      'exit',
      'closed',
    ],
    types: ['date'],
  },
};

const roleOrder: MappableCustomerRole[] = ['id', 'churned', 'tenure', 'start', 'end'];

export function normaliseName(name: string): string {
  return name.toLocaleLowerCase('und').replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Words of a name: split at non-letters and at camelCase humps ("signupDate" → signup, date). */
function nameWords(name: string): string[] {
  return name
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLocaleLowerCase('und')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** Whether the sample shows every value once (the most frequent value occurs once and none is missing). */
function looksUnique(column: InspectedColumn): boolean {
  return column.missing === 0 && (column.topValues[0]?.count ?? 0) === 1;
}

function score(role: MappableCustomerRole, column: InspectedColumn): number {
  const rule = rules[role];
  if (!rule.types.includes(column.type)) return 0;
  if (role === 'churned' && column.type !== 'boolean' && column.distinct > 10) return 0;
  const normalised = normaliseName(column.name);
  const exact = rule.names.indexOf(normalised);
  let points = 0;
  if (exact !== -1) points = 2000 - exact;
  else if (nameWords(column.name).some((w) => rule.words.includes(w))) points = 100;
  if (points === 0) return 0;
  // An id must identify: among id-like names, one whose sample values are all different wins.
  if (role === 'id' && looksUnique(column)) points += 1000;
  if (role === 'churned' && column.type === 'boolean') points += 50;
  return points;
}

export function suggestCustomerMapping(columns: InspectedColumn[]): Partial<CustomerMapping> {
  const mapping: Partial<CustomerMapping> = {};
  const taken = new Set<number>();
  for (const role of roleOrder) {
    let best: InspectedColumn | null = null;
    let bestScore = 0;
    for (const column of columns) {
      if (taken.has(column.index)) continue;
      const points = score(role, column);
      if (points > bestScore) {
        best = column;
        bestScore = points;
      }
    }
    if (best !== null) {
      mapping[role] = best.name;
      taken.add(best.index);
    }
  }
  return mapping;
}
