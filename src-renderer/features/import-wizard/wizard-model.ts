import type { ImportRequest, ImportSettings, InspectedColumn } from '@shared/contract/import';
import type { ColumnType, TenureUnit } from '@shared/domain/columns';
import {
  datasetRoles,
  type DatasetKind,
  type ImportMode,
  type RoleMapping,
  type RoleSpec,
} from '@shared/domain/datasets';
import { churnedFlagWord } from '@shared/domain/flags';
import type { ParseOptions } from '@shared/domain/parse-options';

/** What a column is for: one of the kind's roles (datasetRoles), an attribute, or left out. */
export type ColumnRole = string;
export const attributeRole = 'attribute';
export const ignoreRole = 'ignore';

/** What the user chose for one column in the mapping step. */
export interface ColumnChoice {
  role: ColumnRole;
  type: ColumnType;
}

export interface MappingState {
  /** The kind the roles belong to: a mapping made for another kind is not reused. */
  kind: DatasetKind;
  /** By column name (names are unique: the importer makes them so). */
  choices: Record<string, ColumnChoice>;
  tenureUnit: TenureUnit | null;
  /** Raw values of the churned column that mean "churned", when its values are not yes/no-like. */
  churnedValues: string[];
}

export const typeLabels: Record<ColumnType, string> = {
  integer: 'Whole number',
  decimal: 'Decimal number',
  date: 'Date',
  boolean: 'Yes / no',
  category: 'Category',
  text: 'Text',
};

export function roleSpec(kind: DatasetKind, role: string): RoleSpec | undefined {
  return datasetRoles[kind].find((spec) => spec.role === role);
}

/** The name of a role as the wizard and the reports show it ("Customer ID", "Attribute"). */
export function roleLabel(kind: DatasetKind, role: string): string {
  if (role === attributeRole) return 'Attribute';
  if (role === ignoreRole) return 'Ignore';
  return roleSpec(kind, role)?.label ?? role;
}

export function roleHint(kind: DatasetKind, role: string): string {
  if (role === attributeRole) return 'Kept for breakdowns (plan, region, channel…).';
  if (role === ignoreRole) return 'Left out of the project.';
  return roleSpec(kind, role)?.help ?? '';
}

/** Column names and types joined: when they change (e.g. the header option flipped), the mapping is rebuilt. */
export function columnsSignature(columns: InspectedColumn[]): string {
  return columns.map((column) => `${column.name}\u0000${column.type}`).join('\u0001');
}

/** The types a column in this role may be read as (null: any). */
export function allowedTypes(spec: RoleSpec | undefined): ColumnType[] | null {
  if (!spec || spec.type === null) return null;
  if (spec.type === 'number') return ['integer', 'decimal'];
  return [spec.type];
}

/** The type a column takes when it is given a role: the role's own type, or what it was when that fits. */
function typeForRole(
  kind: DatasetKind,
  role: ColumnRole,
  current: ColumnType,
  detected: ColumnType,
): ColumnType {
  const allowed = allowedTypes(roleSpec(kind, role));
  if (allowed === null) return current;
  if (allowed.includes(current)) return current;
  if (allowed.includes(detected)) return detected;
  return allowed.includes('decimal') ? 'decimal' : allowed[0]!;
}

function isKindRole(kind: DatasetKind, role: ColumnRole): boolean {
  return roleSpec(kind, role) !== undefined;
}

/**
 * The mapping the wizard starts from: roles from the suggestion (the sample's own mapping first, then the
 * importer's guess), types as inferred. Choices the user already made for the same kind, on columns that
 * still exist, are kept.
 */
export function initialMapping(
  kind: DatasetKind,
  columns: InspectedColumn[],
  suggested: RoleMapping,
  previous?: MappingState,
  suggestedUnit?: TenureUnit,
): MappingState {
  const kept = previous?.kind === kind ? previous : undefined;
  const roleByColumn = new Map<string, ColumnRole>();
  for (const spec of datasetRoles[kind]) {
    const name = suggested[spec.role];
    if (name && columns.some((column) => column.name === name) && !roleByColumn.has(name)) {
      roleByColumn.set(name, spec.role);
    }
  }
  const choices: Record<string, ColumnChoice> = {};
  for (const column of columns) {
    const keptChoice = kept?.choices[column.name];
    if (keptChoice) {
      choices[column.name] = keptChoice;
      continue;
    }
    const role = roleByColumn.get(column.name) ?? attributeRole;
    choices[column.name] = { role, type: typeForRole(kind, role, column.type, column.type) };
  }
  // A role kept from before may now clash with a suggested one; the kept choice wins.
  for (const spec of datasetRoles[kind]) {
    const holders = Object.keys(choices).filter((name) => choices[name]?.role === spec.role);
    if (holders.length > 1) {
      const keep = holders.find((name) => kept?.choices[name]?.role === spec.role) ?? holders[0];
      for (const name of holders)
        if (name !== keep) choices[name] = { ...choices[name]!, role: attributeRole };
    }
  }
  return {
    kind,
    choices,
    tenureUnit: kept?.tenureUnit ?? suggestedUnit ?? null,
    churnedValues: kept?.churnedValues ?? [],
  };
}

/** The mapping of an earlier import ("Import like last time"), on the columns of this file. */
export function mappingFromSettings(settings: ImportSettings, columns: InspectedColumn[]): MappingState {
  const state = initialMapping(settings.kind, columns, settings.mapping, undefined, settings.tenureUnit);
  for (const [name, type] of Object.entries(settings.types ?? {})) {
    const choice = state.choices[name];
    if (choice) state.choices[name] = { ...choice, type };
  }
  for (const name of settings.ignore ?? []) {
    const choice = state.choices[name];
    if (choice) state.choices[name] = { ...choice, role: ignoreRole };
  }
  return { ...state, churnedValues: settings.churnedValues ?? [] };
}

/**
 * Gives a column a role; a role of the kind belongs to one column, so it moves off the column that held it
 * (which becomes an attribute again). A role with a fixed type (dates, the customer ID) sets the type.
 */
export function assignRole(
  state: MappingState,
  columns: InspectedColumn[],
  columnName: string,
  role: ColumnRole,
): MappingState {
  const choices = { ...state.choices };
  const current = choices[columnName];
  const column = columns.find((c) => c.name === columnName);
  if (!current || !column) return state;
  if (isKindRole(state.kind, role)) {
    for (const [name, choice] of Object.entries(choices)) {
      if (name !== columnName && choice.role === role) {
        const detected = columns.find((c) => c.name === name)?.type ?? choice.type;
        choices[name] = { role: attributeRole, type: detected };
      }
    }
  }
  const type = isKindRole(state.kind, role)
    ? typeForRole(state.kind, role, current.type, column.type)
    : isKindRole(state.kind, current.role)
      ? column.type
      : current.type;
  choices[columnName] = { role, type };
  const churnedMoved = current.role === 'churned' || role === 'churned';
  return { ...state, choices, churnedValues: churnedMoved ? [] : state.churnedValues };
}

/** Puts a role on a column, or (null) takes it off whichever column has it. */
export function assignRoleToColumn(
  state: MappingState,
  columns: InspectedColumn[],
  role: string,
  columnName: string | null,
): MappingState {
  if (columnName !== null) return assignRole(state, columns, columnName, role);
  const holder = columnWithRole(state, role);
  return holder ? assignRole(state, columns, holder, attributeRole) : state;
}

export function assignType(state: MappingState, columnName: string, type: ColumnType): MappingState {
  const current = state.choices[columnName];
  if (!current) return state;
  return { ...state, choices: { ...state.choices, [columnName]: { ...current, type } } };
}

export function columnWithRole(state: MappingState, role: string): string | undefined {
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
  for (const spec of datasetRoles[state.kind]) {
    const name = columnWithRole(state, spec.role);
    if (!name) {
      if (spec.required) problems.push(`Choose the column for “${spec.label}” — ${spec.help}.`);
      continue;
    }
    const column = columns.find((c) => c.name === name);
    // The importer reads a role column as the role's type whatever the inference said; values that were
    // not recognised will be rejected row by row. Say so now, while the read options can still fix it.
    if (column && spec.type === 'date' && column.type !== 'date') {
      warnings.push(
        `“${name}” is the ${spec.label} but does not read as dates (${column.typeReason}). Check the date format in the read options, or rows with unreadable dates will be rejected.`,
      );
    }
    if (column && spec.type === 'number' && column.type !== 'integer' && column.type !== 'decimal') {
      warnings.push(
        `“${name}” is the ${spec.label} but does not read as numbers (${column.typeReason}). Check the number format in the read options.`,
      );
    }
  }
  const tenure = roleSpec(state.kind, 'tenure') ? columnWithRole(state, 'tenure') : undefined;
  if (tenure && !state.tenureUnit) problems.push(`Say in which unit “${tenure}” counts tenure.`);
  const churnedName = roleSpec(state.kind, 'churned') ? columnWithRole(state, 'churned') : undefined;
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
  if (state.kind === 'customers' && !churnedName && !columnWithRole(state, 'end')) {
    warnings.push(
      'Without a churned flag or an end date, churn comes from other data (subscriptions or orders) or stays unknown.',
    );
  }
  return { problems, warnings };
}

/** The settings of an import for the choices made in the wizard: what import.run needs besides file and project. */
export function buildImportSettings(input: {
  /** The options the preview was read with, so the import reads the file exactly as the user saw it. */
  options: Partial<ParseOptions>;
  columns: InspectedColumn[];
  mapping: MappingState;
}): ImportSettings {
  const { mapping, columns } = input;
  const roleMapping: RoleMapping = {};
  for (const spec of datasetRoles[mapping.kind]) {
    const name = columnWithRole(mapping, spec.role);
    if (name) roleMapping[spec.role] = name;
  }
  const types: Record<string, ColumnType> = {};
  const ignore: string[] = [];
  for (const column of columns) {
    const choice = mapping.choices[column.name];
    if (!choice) continue;
    if (choice.role === ignoreRole) ignore.push(column.name);
    else if (choice.type !== column.type) {
      // A role with one fixed type is read as that type anyway; only free choices travel.
      const allowed = allowedTypes(roleSpec(mapping.kind, choice.role));
      if (allowed === null || allowed.length > 1) types[column.name] = choice.type;
    }
  }
  const settings: ImportSettings = { kind: mapping.kind, mapping: roleMapping, options: input.options };
  if (Object.keys(types).length) settings.types = types;
  if (ignore.length) settings.ignore = ignore;
  const churnedColumn = columns.find((column) => column.name === roleMapping.churned);
  if (churnedColumn && churnedNeedsValues(churnedColumn) && mapping.churnedValues.length) {
    settings.churnedValues = mapping.churnedValues;
  }
  if (roleMapping.tenure && mapping.tenureUnit) settings.tenureUnit = mapping.tenureUnit;
  return settings;
}

/** The import.run request: the settings, which file into which project, how, and whether for real. */
export function buildImportRequest(input: {
  project: string;
  path: string;
  settings: ImportSettings;
  mode: ImportMode;
  dryRun: boolean;
  allowRepeat?: boolean;
}): ImportRequest {
  const request: ImportRequest = {
    ...input.settings,
    project: input.project,
    path: input.path,
    mode: input.mode,
    dryRun: input.dryRun,
  };
  if (input.allowRepeat) request.allowRepeat = true;
  return request;
}

/**
 * Whether a new import of this kind adds to the dataset or replaces it, before the user says: logs
 * (orders, events, answers) usually arrive as next month's rows; tables of customers and subscriptions
 * usually arrive as a fresh full export.
 */
export function defaultMode(kind: DatasetKind): ImportMode {
  return kind === 'customers' || kind === 'subscriptions' ? 'replace' : 'append';
}
