import { z } from 'zod';
import { channel, ProjectRef } from './channel';
import { CellValue, ColumnType, CustomerRole, TenureUnit } from '../domain/columns';

/**
 * A column of the customer table: the customer file's columns (role as imported) and the customer
 * view's columns computed from every dataset (role 'derived': first and last activity, tenure, churned
 * under the project's definition, MRR, revenue, orders, tickets…). `key` is the stable name used in
 * sort and filter.
 */
export const CustomerColumn = z.object({
  key: z.string(),
  name: z.string(),
  type: ColumnType,
  role: z.union([CustomerRole, z.literal('derived')]),
  unit: TenureUnit.optional(),
  /** How a derived column is computed, in words (e.g. which event types count as tickets). */
  description: z.string().optional(),
});
export type CustomerColumn = z.infer<typeof CustomerColumn>;

export const CustomerFilter = z.discriminatedUnion('op', [
  z.object({ key: z.string(), op: z.literal('contains'), value: z.string() }),
  z.object({ key: z.string(), op: z.enum(['eq', 'neq']), value: CellValue }),
  z.object({
    key: z.string(),
    op: z.enum(['lt', 'lte', 'gt', 'gte']),
    value: z.union([z.number(), z.string()]),
  }),
  z.object({ key: z.string(), op: z.enum(['missing', 'present']) }),
]);
export type CustomerFilter = z.infer<typeof CustomerFilter>;

/** A segment of the customer table (the Customers page's filters); every analysis can be cut to one. */
export const SegmentFilters = z.array(CustomerFilter).max(20).default([]);

export const CustomerSort = z.object({ key: z.string(), direction: z.enum(['asc', 'desc']) });
export type CustomerSort = z.infer<typeof CustomerSort>;

export const PageRequest = z.object({
  project: ProjectRef,
  offset: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(1000),
  sort: CustomerSort.optional(),
  filters: z.array(CustomerFilter).max(20).default([]),
  /** Free-text search over the customer id. */
  search: z.string().max(200).optional(),
});
export type PageRequest = z.input<typeof PageRequest>;

export const customersChannels = {
  columns: channel({
    summary: 'The columns of the customer table: the customer file in file order, then the derived ones.',
    request: z.object({ project: ProjectRef }),
    response: z.object({ columns: z.array(CustomerColumn) }),
  }),
  values: channel({
    summary: 'The most frequent values of one customer column with their counts (for segment pickers).',
    request: z.object({
      project: ProjectRef,
      key: z.string(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    response: z.object({
      values: z.array(z.object({ value: CellValue, count: z.number().int().nonnegative() })),
      /** Distinct values in the column (empty counted as one); more than `values` holds when cut. */
      distinct: z.number().int().nonnegative(),
    }),
  }),
  page: channel({
    summary: 'One page of customers (every id found in any dataset), sorted and filtered in the store.',
    request: PageRequest,
    response: z.object({
      /** Customers matching the filters (not just this page). */
      total: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative(),
      rows: z.array(z.record(z.string(), CellValue)),
    }),
  }),
};
