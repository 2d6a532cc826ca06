import type { CustomerColumn, CustomerFilter } from '@shared/contract/customers';
import type { AppliedChurnDefinition } from '@shared/domain/churn-definition';

/** The customers an analysis is cut to: the Customers page's filters, all of them at once (AND). */
export type Segment = CustomerFilter[];

const opWords: Record<CustomerFilter['op'], string> = {
  contains: 'contains',
  eq: '=',
  neq: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  missing: 'is empty',
  present: 'is not empty',
};

function valueText(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (value === null) return 'empty';
  return String(value);
}

/** One filter in words: "Contract = Month-to-month". */
export function describeFilter(filter: CustomerFilter, columns: readonly CustomerColumn[]): string {
  const name = columns.find((column) => column.key === filter.key)?.name ?? filter.key;
  if (!('value' in filter)) return `${name} ${opWords[filter.op]}`;
  return `${name} ${opWords[filter.op]} ${valueText(filter.value)}`;
}

/** The segment in words, for captions and exported files: "All customers" without filters. */
export function describeSegment(segment: Segment, columns: readonly CustomerColumn[]): string {
  if (segment.length === 0) return 'All customers';
  return `Segment: ${segment.map((filter) => describeFilter(filter, columns)).join(' and ')}`;
}

/** The caption under every chart's title: churn definition · as of · segment. */
export function analysisCaption(
  definition: AppliedChurnDefinition | null,
  asOf: string | null,
  segment: Segment,
  columns: readonly CustomerColumn[],
): string {
  const parts = [
    definition ? definition.summary : 'No churn definition',
    asOf ? `as of ${asOf}` : 'no as-of date',
    describeSegment(segment, columns),
  ];
  return parts.join(' · ');
}

/** Columns an analysis can group or cut by: everything but the customer id. */
export function groupableColumns(columns: readonly CustomerColumn[]): CustomerColumn[] {
  return columns.filter((column) => column.role !== 'id');
}
