import type { DatasetKind } from '@shared/domain/datasets';
import { customersSpec } from './customers';
import { eventsSpec } from './events';
import { feedbackSpec } from './feedback';
import type { KindSpec } from './spec';
import { subscriptionsSpec } from './subscriptions';
import { transactionsSpec } from './transactions';

export type { KindSpec, RoleValue, RowProblem } from './spec';

export const kindSpecs: Record<DatasetKind, KindSpec> = {
  customers: customersSpec,
  subscriptions: subscriptionsSpec,
  transactions: transactionsSpec,
  events: eventsSpec,
  feedback: feedbackSpec,
};
