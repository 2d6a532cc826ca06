import type { CustomerMapping, InspectedColumn } from '@shared/contract/import';
import type { ColumnType, MappableCustomerRole } from '@shared/domain/columns';
import { datasetLabels, datasetRoles, type DatasetKind, type RoleMapping } from '@shared/domain/datasets';

/**
 * Suggests which column plays which role of a kind of data, from column names and types, and guesses
 * the kind itself from the same names. Names are compared in a normalised form (lower case, letters
 * and digits only: "Customer ID", "customer_id" and "customerID" are all "customerid"). An exact name
 * from a role's list wins over a name that only contains one of its words; a column is never suggested
 * for two roles.
 */

interface RoleRule {
  /** Normalised names, best first. */
  names: string[];
  /** Words that, inside a longer name, also point to the role (e.g. "signup" in "Signup Date"). */
  words: string[];
  types: ColumnType[];
}

/** Normalised names of a customer-id column, best first; the customer table's id rule and the other kinds' share them. */
const customerIdNames = [
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
];
/** Bare words that name the customer column (after the explicit id names). */
const customerNames = ['customer', 'client', 'account', 'subscriber', 'member', 'user'];

const customerRules: Record<MappableCustomerRole, RoleRule> = {
  id: {
    names: [...customerIdNames, 'id', ...customerNames],
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

const dateTypes: ColumnType[] = ['date'];
const numberTypes: ColumnType[] = ['integer', 'decimal'];
const labelTypes: ColumnType[] = ['category', 'text', 'integer'];

/** In files with many rows per customer, the customer column: never a bare "id" (that is the row's own id). */
const customerOf: RoleRule = {
  names: [...customerIdNames, 'kundennr', ...customerNames, 'kunde'],
  words: ['customer', 'client', 'account', 'subscriber', 'member', 'user', 'kunde', 'kunden'],
  types: ['text', 'integer', 'category'],
};

const otherRules: Record<Exclude<DatasetKind, 'customers'>, Record<string, RoleRule>> = {
  subscriptions: {
    customer: customerOf,
    plan: {
      names: [
        'plan',
        'planname',
        'plantype',
        'tier',
        'package',
        'subscription',
        'subscriptionplan',
        'product',
        'tarif',
      ],
      words: ['plan', 'tier', 'package', 'tarif'],
      types: labelTypes,
    },
    start: {
      names: [
        'startdate',
        'start',
        'startedat',
        'subscriptionstart',
        'begin',
        'begindate',
        'validfrom',
        'activationdate',
        'signupdate',
        'beginn',
      ],
      words: ['start', 'started', 'begin', 'from', 'activation', 'signup'],
      types: dateTypes,
    },
    end: {
      names: [
        'enddate',
        'end',
        'endedat',
        'canceldate',
        'cancellationdate',
        'cancelledat',
        'canceledat',
        'churndate',
        'validto',
        'validuntil',
        'terminationdate',
        'ende',
      ],
      words: ['end', 'ended', 'cancel', 'cancellation', 'cancelled', 'canceled', 'until', 'termination'],
      types: dateTypes,
    },
    mrr: {
      names: [
        'mrr',
        'monthlyrecurringrevenue',
        'monthlyfee',
        'monthlyprice',
        'monthlycharges',
        'monthlyamount',
        'fee',
        'price',
      ],
      words: ['mrr', 'monthly', 'fee'],
      types: numberTypes,
    },
    currency: {
      names: ['currency', 'curr', 'ccy', 'currencycode', 'wahrung', 'währung'],
      words: ['currency'],
      types: ['category', 'text'],
    },
    interval: {
      names: [
        'billinginterval',
        'interval',
        'billingperiod',
        'billingcycle',
        'billingfrequency',
        'frequency',
        'paymentinterval',
        'paymentfrequency',
        'paymentcycle',
        'cycle',
        'abrechnungszeitraum',
        'abrechnungsintervall',
        'zahlungsintervall',
        'zahlweise',
        'intervall',
        'periodicite',
        'périodicité',
        'periodicidad',
      ],
      // Not "period", "term" or "cycle" inside longer names: a trial period, a contract term in days or
      // a billing cycle day is no billing interval.
      words: ['interval', 'intervall', 'frequency'],
      // Integer: a column of 1, 3 and 12 (months) reads as numbers.
      types: ['category', 'text', 'integer'],
    },
  },
  transactions: {
    customer: customerOf,
    date: {
      names: [
        'orderdate',
        'date',
        'purchasedate',
        'transactiondate',
        'invoicedate',
        'saledate',
        'bestelldatum',
        'datum',
        'orderedat',
        'purchasedat',
      ],
      words: ['date', 'datum', 'ordered', 'purchased'],
      types: dateTypes,
    },
    amount: {
      names: [
        'amount',
        'total',
        'ordertotal',
        'ordervalue',
        'revenue',
        'sales',
        'value',
        'price',
        'netamount',
        'grossamount',
        'betrag',
        'umsatz',
        'summe',
      ],
      words: ['amount', 'total', 'revenue', 'sales', 'price', 'betrag', 'umsatz'],
      types: numberTypes,
    },
    quantity: {
      names: ['quantity', 'qty', 'units', 'items', 'count', 'menge', 'anzahl', 'pieces'],
      words: ['quantity', 'qty', 'units', 'items', 'menge', 'anzahl'],
      types: numberTypes,
    },
    product: {
      names: [
        'product',
        'productname',
        'productid',
        'item',
        'itemname',
        'sku',
        'article',
        'artikel',
        'productcategory',
      ],
      words: ['product', 'item', 'sku', 'article', 'artikel'],
      types: labelTypes,
    },
  },
  events: {
    customer: customerOf,
    time: {
      names: [
        'timestamp',
        'time',
        'eventtime',
        'datetime',
        'occurredat',
        'eventdate',
        'createdat',
        'loggedat',
        'date',
        'zeit',
      ],
      words: ['timestamp', 'time', 'datetime', 'occurred', 'logged', 'at', 'date'],
      types: dateTypes,
    },
    type: {
      names: [
        'eventtype',
        'type',
        'event',
        'eventname',
        'action',
        'activity',
        'kind',
        'category',
        'ereignis',
      ],
      words: ['event', 'type', 'action', 'activity'],
      types: ['category', 'text'],
    },
    value: {
      names: ['value', 'duration', 'minutes', 'seconds', 'amount', 'usage', 'count', 'wert'],
      words: ['value', 'duration', 'minutes', 'usage'],
      types: numberTypes,
    },
  },
  feedback: {
    customer: customerOf,
    date: {
      names: [
        'date',
        'surveydate',
        'responsedate',
        'answeredat',
        'submittedat',
        'respondedat',
        'createdat',
        'datum',
      ],
      words: ['date', 'answered', 'submitted', 'responded', 'datum'],
      types: dateTypes,
    },
    score: {
      names: [
        'nps',
        'npsscore',
        'score',
        'rating',
        'csat',
        'csatscore',
        'satisfaction',
        'likelihood',
        'recommend',
        'bewertung',
      ],
      words: ['nps', 'score', 'rating', 'csat', 'satisfaction'],
      types: numberTypes,
    },
    comment: {
      names: [
        'comment',
        'comments',
        'feedback',
        'text',
        'verbatim',
        'remark',
        'remarks',
        'note',
        'notes',
        'answer',
        'kommentar',
      ],
      words: ['comment', 'comments', 'feedback', 'verbatim', 'remark', 'kommentar'],
      types: ['text', 'category'],
    },
    reason: {
      names: [
        'reason',
        'cancellationreason',
        'churnreason',
        'cancelreason',
        'exitreason',
        'grund',
        'kundigungsgrund',
      ],
      words: ['reason', 'grund'],
      types: ['category', 'text'],
    },
  },
};

function rulesOf(kind: DatasetKind): Record<string, RoleRule> {
  return kind === 'customers' ? customerRules : otherRules[kind];
}

/** How strongly a column's name points to a role: 2000+ for a listed name, 100 for a word in it, 0 for none. */
function score(kind: DatasetKind, role: string, column: InspectedColumn, anyType = false): number {
  const rule = rulesOf(kind)[role];
  if (rule === undefined || (!anyType && !rule.types.includes(column.type))) return 0;
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

interface Suggestion {
  mapping: RoleMapping;
  /** Points of each suggested role (see score). */
  points: Record<string, number>;
}

/** `anyType`: by names alone (the kind guess: one bad value must not hide what a column is about). */
function suggest(kind: DatasetKind, columns: InspectedColumn[], anyType = false): Suggestion {
  const mapping: RoleMapping = {};
  const points: Record<string, number> = {};
  const taken = new Set<number>();
  for (const { role } of datasetRoles[kind]) {
    let best: InspectedColumn | null = null;
    let bestScore = 0;
    for (const column of columns) {
      if (taken.has(column.index)) continue;
      const value = score(kind, role, column, anyType);
      if (value > bestScore) {
        best = column;
        bestScore = value;
      }
    }
    if (best !== null) {
      mapping[role] = best.name;
      points[role] = bestScore;
      taken.add(best.index);
    }
  }
  return { mapping, points };
}

/** Suggested role → column for a kind of data. */
export function suggestMapping(kind: DatasetKind, columns: InspectedColumn[]): RoleMapping {
  return suggest(kind, columns).mapping;
}

export function suggestCustomerMapping(columns: InspectedColumn[]): Partial<CustomerMapping> {
  return suggestMapping('customers', columns);
}

const kindOrder: DatasetKind[] = ['customers', 'transactions', 'subscriptions', 'events', 'feedback'];

/** Roles of which a kind needs at least one, besides its required ones, to be recognised. */
const telltaleRoles: Record<DatasetKind, string[]> = {
  customers: [],
  subscriptions: ['plan', 'end', 'mrr', 'currency', 'interval'],
  transactions: ['amount'],
  events: ['type'],
  feedback: ['score', 'comment', 'reason'],
};

/**
 * Guesses what a file holds from its column names (not their types: an amount column with one "N/A"
 * written as "none" is still about amounts; the mapping suggestions do look at types). Each kind scores
 * 2 for every role (apart from the customer id) whose column has one of the role's names, 1 for a name
 * containing one of its words. A kind other than customers counts only when all its required roles and
 * one of its telltale roles are found (transactions need a date and an amount, events a time and a
 * type, feedback a date and a score, comment or reason…). The highest score wins, customers on a tie:
 * a table with nothing else recognisable is one row per customer.
 */
export function guessKind(columns: InspectedColumn[]): { value: DatasetKind; reason: string } {
  let best: { kind: DatasetKind; score: number; suggestion: Suggestion } | null = null;
  for (const kind of kindOrder) {
    const suggestion = suggest(kind, columns, true);
    const roles = datasetRoles[kind].filter((spec) => spec.role !== 'id' && spec.role !== 'customer');
    const found = (role: string) => suggestion.mapping[role] !== undefined;
    if (
      kind !== 'customers' &&
      (roles.some((spec) => spec.required && !found(spec.role)) || !telltaleRoles[kind].some(found))
    ) {
      continue;
    }
    const total = roles.reduce((sum, spec) => {
      const points = suggestion.points[spec.role] ?? 0;
      return sum + (points >= 1000 ? 2 : points > 0 ? 1 : 0);
    }, 0);
    if (best === null || total > best.score) best = { kind, score: total, suggestion };
  }
  const chosen = best ?? {
    kind: 'customers' as const,
    score: 0,
    suggestion: suggest('customers', columns, true),
  };
  const found = datasetRoles[chosen.kind]
    .filter((spec) => spec.role !== 'id' && spec.role !== 'customer' && chosen.suggestion.mapping[spec.role])
    .map((spec) => `"${chosen.suggestion.mapping[spec.role]}" (${spec.label.toLocaleLowerCase('en')})`);
  if (found.length === 0) {
    return {
      value: chosen.kind,
      reason:
        'no column names point to orders, subscriptions, events or feedback, so it is read as a customer table (one row per customer)',
    };
  }
  return {
    value: chosen.kind,
    reason: `the columns ${listWords(found)} look like ${chosen.kind === 'customers' ? 'a customer table' : datasetLabels[chosen.kind].many}`,
  };
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
