import type { CustomerFilter, CustomerSort } from '@shared/contract/customers';
import type { CellValue } from '@shared/domain/columns';
import { client } from '../../client';
import { PagedRows } from '../../ui/table/paged-rows';

export type CustomerRow = Record<string, CellValue>;

export interface CustomerQuery {
  sort?: CustomerSort;
  filters: CustomerFilter[];
  search?: string;
}

/** The customer table of one query (project + sort + filters + search), paged from the store. */
export function customerPages(
  project: string,
  query: CustomerQuery,
  estimatedTotal: number | null,
): PagedRows<CustomerRow> {
  return new PagedRows<CustomerRow>(
    (offset, limit, signal) =>
      client.customers.page(
        {
          project,
          offset,
          limit,
          sort: query.sort,
          filters: query.filters,
          search: query.search || undefined,
        },
        { signal },
      ),
    estimatedTotal,
  );
}
