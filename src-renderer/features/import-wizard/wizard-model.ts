import type { CustomerMapping, ImportRequest, InspectedColumn } from '@shared/contract/import';
import type { ColumnType, CustomerRole, MappableCustomerRole, TenureUnit } from '@shared/domain/columns';
import { mappableCustomerRoles } from '@shared/domain/columns';
import { churnedFlagWord } from '@shared/domain/flags';
import type { ParseOptions } from '@shared/domain/parse-options';

/** What the user chose for one column in the mapping step. */
export interface ColumnChoice {
  role: CustomerRole;
  type: ColumnType;
}

export interface MappingState {
  /** By column name (names are unique: the importer makes them so). */
  choices: Record<string, ColumnChoice>;
  tenureUnit: TenureUnit | null;
  /** Raw values of the churned column that mean "churned", when its values are not yes/no-like. */
  churnedValues: string[];
}

export const roleLabels: Record<CustomerRole, string> = {
  id: 'Customer ID',
  churned: 'Churned flag',
  tenure: 'Tenure (duration)',
  start: 'Start date',
  end: 'End date',
  attribute: 'Attribute',
  ignore: 'Ignore',
};

export const roleHints: Record<CustomerRole, string> = {
  id: 'One per customer; duplicates are rejected.',
  churned: 'Says whether the customer has left.',
  tenure: 'How long the customer has been (or was) a customer.',
  start: 'When the customer started.',
  end: 'When the customer left; empty for active customers.',
  attribute: 'Kept for breakdowns (contract, region, plan…).',
  ignore: 'Left out of the project.',
};

export const typeLabels: Record<ColumnType, string> = {
  integer: 'Whole number',
  decimal: 'Decimal number',
  date: 'Date',
  boolean: 'Yes / no',
  category: 'Category',
  text: 'Text',
};

const singleRoles: readonly CustomerRole[] = mappableCustomerRoles;

function isSingleRole(role: CustomerRole): role is MappableCustomerRole {
  return singleRoles.includes(role);
}

/** Column names joined: when they change (e.g. the header option flipped), the mapping is rebuilt. */
export function columnsSignature(columns: InspectedColumn[]): string {
  return columns.map((column) => `${column.name}\u0000${column.type}`).join('\u0001');
}

/**
 * The mapping the wizard starts from: roles from the suggestion (the sample's own mapping first, then the
 * importer's guess), types as inferred; choices the user already made for columns that still exist are kept.
 */
export function initialMapping(
  columns: InspectedColumn[],
  suggested: Partial<CustomerMapping>,
  previous?: MappingState,
  suggestedUnit?: TenureUnit,
): MappingState {
  const roleByColumn = new Map<string, CustomerRole>();
  for (const role of mappableCustomerRoles) {
    const name = suggested[role];
    if (name && columns.some((column) => column.name === name) && !roleByColumn.has(name)) {
      roleByColumn.set(name, role);
    }
  }
  const choices: Record<string, ColumnChoice> = {};
  for (const column of columns) {
    const kept = previous?.choices[column.name];
    choices[column.name] = kept ?? { role: roleByColumn.get(column.name) ?? 'attribute', type: column.type };
  }
  // A role kept from before may now clash with a suggested one; the kept choice wins.
  const state: MappingState = {
    choices,
    tenureUnit: previous?.tenureUnit ?? suggestedUnit ?? null,
    churnedValues: previous?.churnedValues ?? [],
  };
  for (const role of mappableCustomerRoles) {
    const holders = Object.keys(choices).filter((name) => choices[name]?.role === role);
    if (holders.length > 1) {
      const keep = holders.find((name) => previous?.choices[name]?.role === role) ?? holders[0];
      for (const name of holders) if (name !== keep) choices[name] = { ...choices[name]!, role: 'attribute' };
    }
  }
  return state;
}

/** Gives a column a role; a single-column role (id, churned, …) moves off the column that held it. */
export function assignRole(state: MappingState, columnName: string, role: CustomerRole): MappingState {
  const choices = { ...state.choices };
  const current = choices[columnName];
  if (!current) return state;
  if (isSingleRole(role)) {
    for (const [name, choice] of Object.entries(choices)) {
      if (name !== columnName && choice.role === role) choices[name] = { ...choice, role: 'attribute' };
    }
  }
  choices[columnName] = { ...current, role };
  const churnedMoved = current.role === 'churned' || role === 'churned';
  return { ...state, choices, churnedValues: churnedMoved ? [] : state.churnedValues };
}

export function assignType(state: MappingState, columnName: string, type: ColumnType): MappingState {
  const current = state.choices[columnName];
  if (!current) return state;
  return { ...state, choices: { ...state.choices, [columnName]: { ...current, type } } };
}

export function columnWithRole(state: MappingState, role: MappableCustomerRole): string | undefined {
  return Object.keys(state.choices).find((name) => state.choices[name]?.role === role);
}

/**
 * Whether the user must say which values of the churned column mean "churned": yes when any of its
 * frequent values is not a yes/no word (lung's status 1/2, "Active"/"Paused"…), or when it has more
 * distinct values than the inspection listed, so some were never seen.
 */
export function churnedNeedsValues(column: InspectedColumn): boolean {
  if (column.topValues.length === 0) return false;
  if (column.distinct > column.topValues.length) return true;
  return column.topValues.some((top) => churnedFlagWord(top.value) === null);
}

/** How the yes/no-like values of a churned column will be read, for the mapping step to show. */
export function churnedReading(column: InspectedColumn): { churned: string[]; active: string[] } {
  const churned: string[] = [];
  const active: string[] = [];
  for (const top of column.topValues) {
    const reading = churnedFlagWord(top.value);
    if (reading === true) churned.push(top.value);
    else if (reading === false) active.push(top.value);
  }
  return { churned, active };
}

export interface MappingCheck {
  /** Things that stop the import. */
  problems: string[];
  /** Things worth knowing that do not stop it. */
  warnings: string[];
}

export function checkMapping(state: MappingState, columns: InspectedColumn[]): MappingCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!columnWithRole(state, 'id')) problems.push('Choose the column that holds the customer ID.');
  const tenure = columnWithRole(state, 'tenure');
  if (tenure && !state.tenureUnit) problems.push(`Say in which unit “${tenure}” counts tenure.`);
  const churnedName = columnWithRole(state, 'churned');
  const churnedColumn = columns.find((column) => column.name === churnedName);
  if (churnedColumn && churnedNeedsValues(churnedColumn)) {
    if (state.churnedValues.length === 0) {
      problems.push(`Tick the value(s) of “${churnedColumn.name}” that mean the customer churned.`);
    } else if (
      state.churnedValues.length === churnedColumn.topValues.length &&
      churnedColumn.topValues.length > 1
    ) {
      warnings.push(
        `Every value of “${churnedColumn.name}” is ticked, so every customer would count as churned.`,
      );
    }
  }
  if (!churnedName && !columnWithRole(state, 'end')) {
    warnings.push(
      'Without a churned flag or an end date Tenure cannot tell who left; churn figures will be empty.',
    );
  }
  const start = columnWithRole(state, 'start');
  if (start && state.choices[start]?.type !== 'date')
    warnings.push(`The start column “${start}” is not read as a date.`);
  const end = columnWithRole(state, 'end');
  if (end && state.choices[end]?.type !== 'date')
    warnings.push(`The end column “${end}” is not read as a date.`);
  return { problems, warnings };
}

/** The import.run request for the choices made in the wizard. */
export function buildImportRequest(input: {
  project: string;
  path: string;
  /** The options the preview was read with, so the import reads the file exactly as the user saw it. */
  options: ParseOptions;
  columns: InspectedColumn[];
  mapping: MappingState;
  dryRun: boolean;
}): ImportRequest {
  const { mapping, columns } = input;
  const customerMapping: CustomerMapping = { id: columnWithRole(mapping, 'id') ?? '' };
  for (const role of mappableCustomerRoles) {
    if (role === 'id') continue;
    const name = columnWithRole(mapping, role);
    if (name) customerMapping[role] = name;
  }
  const types: Record<string, ColumnType> = {};
  const ignore: string[] = [];
  for (const column of columns) {
    const choice = mapping.choices[column.name];
    if (!choice) continue;
    if (choice.role === 'ignore') ignore.push(column.name);
    else if (choice.type !== column.type) types[column.name] = choice.type;
  }
  const churnedColumn = columns.find((column) => column.name === customerMapping.churned);
  const request: ImportRequest = {
    project: input.project,
    path: input.path,
    kind: 'customers',
    options: input.options,
    mapping: customerMapping,
    dryRun: input.dryRun,
  };
  if (Object.keys(types).length) request.types = types;
  if (ignore.length) request.ignore = ignore;
  if (churnedColumn && churnedNeedsValues(churnedColumn) && mapping.churnedValues.length) {
    request.churnedValues = mapping.churnedValues;
  }
  if (customerMapping.tenure && mapping.tenureUnit) request.tenureUnit = mapping.tenureUnit;
  return request;
}
