import { z } from 'zod';
import type { ColumnType } from './columns';

/**
 * The kinds of data a project holds, joined on customer id. One dataset per kind; a dataset grows by
 * appending imports or is replaced by one.
 */
export const DatasetKind = z.enum(['customers', 'subscriptions', 'transactions', 'events', 'feedback']);
export type DatasetKind = z.infer<typeof DatasetKind>;

/** How an import treats the dataset's current rows. */
export const ImportMode = z.enum(['replace', 'append']);
export type ImportMode = z.infer<typeof ImportMode>;

export interface RoleSpec {
  /** Role name as the CLI's --map and the contract's mapping use it. */
  role: string;
  label: string;
  required: boolean;
  /** The type a column in this role is always read as (null: numeric roles take integer or decimal). */
  type: ColumnType | 'number' | null;
  help: string;
}

/**
 * The roles of each kind, in the order the wizard shows them. Columns not mapped to a role become
 * attributes of the dataset (or are ignored when the user says so).
 */
export const datasetRoles: Record<DatasetKind, readonly RoleSpec[]> = {
  customers: [
    { role: 'id', label: 'Customer ID', required: true, type: 'text', help: 'one row per customer' },
    {
      role: 'churned',
      label: 'Churned flag',
      required: false,
      type: 'boolean',
      help: 'yes/no, 1/0, or a value you name',
    },
    {
      role: 'tenure',
      label: 'Tenure (duration)',
      required: false,
      type: 'number',
      help: 'how long the customer has been (or was) a customer, in a unit you name',
    },
    { role: 'start', label: 'Start date', required: false, type: 'date', help: 'when the customer joined' },
    {
      role: 'end',
      label: 'End date',
      required: false,
      type: 'date',
      help: 'when the customer left, if they did',
    },
  ],
  subscriptions: [
    {
      role: 'customer',
      label: 'Customer ID',
      required: true,
      type: 'text',
      help: 'who holds the subscription',
    },
    { role: 'plan', label: 'Plan', required: false, type: 'category', help: 'product or plan name' },
    { role: 'start', label: 'Start date', required: true, type: 'date', help: 'when the subscription began' },
    {
      role: 'end',
      label: 'End (cancel) date',
      required: false,
      type: 'date',
      help: 'empty while the subscription is open',
    },
    {
      role: 'mrr',
      label: 'MRR',
      required: false,
      type: 'number',
      help: 'recurring amount per month, or per billing interval when one is mapped',
    },
    {
      role: 'interval',
      label: 'Billing interval',
      required: false,
      type: 'category',
      help: 'month, quarter or year; the MRR column then holds the amount per interval',
    },
    { role: 'currency', label: 'Currency', required: false, type: 'category', help: 'e.g. EUR, USD' },
  ],
  transactions: [
    { role: 'customer', label: 'Customer ID', required: true, type: 'text', help: 'who bought' },
    { role: 'date', label: 'Date', required: true, type: 'date', help: 'when the order was placed' },
    {
      role: 'amount',
      label: 'Amount',
      required: true,
      type: 'number',
      help: 'order value (refunds negative)',
    },
    { role: 'quantity', label: 'Quantity', required: false, type: 'number', help: 'items in the order' },
    { role: 'product', label: 'Product', required: false, type: 'category', help: 'what was bought' },
  ],
  events: [
    { role: 'customer', label: 'Customer ID', required: true, type: 'text', help: 'whose event it is' },
    { role: 'time', label: 'Time', required: true, type: 'date', help: 'date or date and time of the event' },
    {
      role: 'type',
      label: 'Event type',
      required: true,
      type: 'category',
      help: 'login, support ticket, complaint, usage…',
    },
    { role: 'value', label: 'Value', required: false, type: 'number', help: 'e.g. minutes of usage' },
  ],
  feedback: [
    { role: 'customer', label: 'Customer ID', required: true, type: 'text', help: 'who answered' },
    { role: 'date', label: 'Date', required: true, type: 'date', help: 'when they answered' },
    { role: 'score', label: 'Score', required: false, type: 'number', help: 'NPS 0–10 or CSAT' },
    { role: 'comment', label: 'Comment', required: false, type: 'text', help: 'free text' },
    {
      role: 'reason',
      label: 'Cancellation reason',
      required: false,
      type: 'category',
      help: 'why they left, when asked',
    },
  ],
};

/**
 * A subscription's billing interval as stored (subscriptions.billing_interval); NULL means monthly.
 * The importer reads the file's words into these three (import/kinds/billing-interval.ts).
 */
export const BillingInterval = z.enum(['month', 'quarter', 'year']);
export type BillingInterval = z.infer<typeof BillingInterval>;

/** Months one payment covers: an amount per interval divided by this is the monthly amount. */
export const monthsPerBillingInterval: Record<BillingInterval, number> = { month: 1, quarter: 3, year: 12 };

export const datasetLabels: Record<DatasetKind, { one: string; many: string; title: string }> = {
  customers: { one: 'customer', many: 'customers', title: 'Customers' },
  subscriptions: { one: 'subscription', many: 'subscriptions', title: 'Subscriptions' },
  transactions: { one: 'transaction', many: 'transactions', title: 'Transactions' },
  events: { one: 'event', many: 'events', title: 'Events' },
  feedback: { one: 'feedback answer', many: 'feedback answers', title: 'Feedback' },
};

/** The role holding the customer id: `id` in the customer table (one row each), `customer` elsewhere. */
export function customerRoleOf(kind: DatasetKind): 'id' | 'customer' {
  return kind === 'customers' ? 'id' : 'customer';
}

export function rolesOf(kind: DatasetKind): string[] {
  return datasetRoles[kind].map((spec) => spec.role);
}

/** The mapping of an import: role → column name. Which roles are allowed depends on the kind. */
export const RoleMapping = z.record(z.string(), z.string());
export type RoleMapping = z.infer<typeof RoleMapping>;
