import type { RiskTier, ScoredCustomer } from '@shared/contract/risk';
import { client } from '../../client';
import { PagedRows } from '../../ui/table/paged-rows';

export interface ScoreQuery {
  model: number;
  tier?: RiskTier;
  sort: 'risk' | 'value';
  direction: 'asc' | 'desc';
}

/** The scored customers of one query (model + tier + sort), paged from the project as the table scrolls. */
export function scorePages(
  project: string,
  query: ScoreQuery,
  estimatedTotal: number | null,
): PagedRows<ScoredCustomer> {
  return new PagedRows<ScoredCustomer>(
    (offset, limit, signal) =>
      client.risk
        .scores(
          {
            project,
            model: query.model,
            ...(query.tier ? { tier: query.tier } : {}),
            sort: query.sort,
            direction: query.direction,
            offset,
            limit,
          },
          { signal },
        )
        .then((answer) => ({ rows: answer.customers, total: answer.total })),
    estimatedTotal,
  );
}
