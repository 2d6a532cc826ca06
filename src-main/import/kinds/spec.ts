import type { RejectionCode } from '@shared/contract/import';
import type { DatasetKind } from '@shared/domain/datasets';
import type { ParsedValue } from '@shared/domain/values';

/** A role's value as read from one row: numbers, ISO dates, text, the churned flag; null when missing. */
export type RoleValue = number | string | boolean | null;

/** Why a row is rejected, by role; the importer adds the column's name and the raw value. */
export interface RowProblem {
  code: RejectionCode;
  role: string;
  reason: string;
}

/**
 * What is particular to one kind of data. Everything else — reading, types, required roles, the
 * customer id, duplicates, writing — is the same for every kind (dataset-import.ts).
 */
export interface KindSpec {
  kind: DatasetKind;
  /** Checks of one row once its roles are read (required roles are present); the first problem rejects it. */
  check(roles: Readonly<Record<string, RoleValue>>): RowProblem | null;
  /**
   * Roles whose text is one of a few fixed values, each with its reader: the cell as its column type
   * read it (trimmed, never missing) → the value stored, or the reason the row is rejected (bad_value).
   */
  vocabularies?: Readonly<Record<string, (value: string) => ParsedValue>>;
}

/** A number as a reason shows it: as read, without float noise ("12.5", "-0.25"). */
export function shownNumber(value: number): string {
  return String(Math.round(value * 1e9) / 1e9);
}

/** Dates and date-times are ISO strings, so they compare as text. */
export function endBeforeStart(roles: Readonly<Record<string, RoleValue>>): RowProblem | null {
  const start = roles.start;
  const end = roles.end;
  if (typeof start !== 'string' || typeof end !== 'string' || end >= start) return null;
  return { code: 'end_before_start', role: 'end', reason: `end date ${end} is before start date ${start}` };
}
