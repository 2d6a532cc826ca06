import { z } from 'zod';

/** What a column's values are, as inferred from the file or chosen by the user. */
export const ColumnType = z.enum(['integer', 'decimal', 'date', 'boolean', 'category', 'text']);
export type ColumnType = z.infer<typeof ColumnType>;

/** What a column of a customer table means to the analysis. Unmapped columns are attributes. */
export const CustomerRole = z.enum(['id', 'churned', 'tenure', 'start', 'end', 'attribute', 'ignore']);
export type CustomerRole = z.infer<typeof CustomerRole>;

/** The roles a user maps to a single column each (attributes and ignored columns are many). */
export const mappableCustomerRoles = ['id', 'churned', 'tenure', 'start', 'end'] as const;
export type MappableCustomerRole = (typeof mappableCustomerRoles)[number];

export const TenureUnit = z.enum(['days', 'weeks', 'months', 'years']);
export type TenureUnit = z.infer<typeof TenureUnit>;

/** A cell as it crosses the boundary: dates are ISO strings, booleans are booleans, missing is null. */
export const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof CellValue>;
