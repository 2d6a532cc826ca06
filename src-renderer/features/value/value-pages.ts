import type { RfmSegment, ValueCustomer } from '@shared/contract/value';
import { client } from '../../client';
import { PagedRows } from '../../ui/table/paged-rows';
import type { RiskTierName, ValueSort } from './value-model';

export interface ValueQuery {
  model: number;
  sort: ValueSort;
  direction: 'asc' | 'desc';
  rfmSegment?: RfmSegment;
  decile?: number;
  riskTier?: RiskTierName;
}

/** The request of one page of a query (also used by the CSV export, which reads every page). */
export function valueCustomersRequest(project: string, query: ValueQuery, offset: number, limit: number) {
  return {
    project,
    model: query.model,
    sort: query.sort,
    direction: query.direction,
    ...(query.rfmSegment ? { rfmSegment: query.rfmSegment } : {}),
    ...(query.decile ? { decile: query.decile } : {}),
    ...(query.riskTier ? { riskTier: query.riskTier } : {}),
    offset,
    limit,
  };
}

/** A fit's customers for one query (filters + sort), paged from the project as the table scrolls. */
export function valuePages(
  project: string,
  query: ValueQuery,
  estimatedTotal: number | null,
): PagedRows<ValueCustomer> {
  return new PagedRows<ValueCustomer>(
    (offset, limit, signal) =>
      client.value
        .customers(valueCustomersRequest(project, query, offset, limit), { signal })
        .then((answer) => ({ rows: answer.customers, total: answer.total })),
    estimatedTotal,
  );
}
