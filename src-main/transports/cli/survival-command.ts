import type { RequestOf } from '@shared/contract';
import { oneOf } from './analysis-commands';
import { attributeKey } from './column-names';
import { filterFlag, filtersField, segmentFilters, type FilterColumn } from './segment-flags';
import { UsageError } from './usage-error';

export { attributeKey };

/** The flags of `tenure survival` and `tenure cox`, as node:util parseArgs reads them. */
export const survivalFlags = {
  by: { type: 'string' },
  conf: { type: 'string' },
  unit: { type: 'string' },
  times: { type: 'string' },
  tau: { type: 'string' },
  'max-groups': { type: 'string' },
  ...filterFlag,
} as const;

export const coxFlags = {
  covariates: { type: 'string' },
  reference: { type: 'string', multiple: true },
  ties: { type: 'string' },
  unit: { type: 'string' },
  ...filterFlag,
} as const;

function positiveNumber(value: string, flag: string, command: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0)
    throw new UsageError(`--${flag} takes numbers ≥ 0, not "${value}".`, command);
  return number;
}

export function survivalRequest(
  project: string,
  values: { [K in keyof typeof survivalFlags]?: (K extends 'filter' ? string[] : string) | undefined },
  columns: readonly FilterColumn[],
): RequestOf<'survival.km'> {
  const command = 'survival';
  const conf = oneOf(values.conf, ['log', 'log-log', 'plain'] as const, 'conf', command);
  const unit = oneOf(values.unit, ['days', 'months'] as const, 'unit', command);
  const maxGroups = values['max-groups'] === undefined ? undefined : Number(values['max-groups']);
  if (maxGroups !== undefined && !(Number.isInteger(maxGroups) && maxGroups >= 2 && maxGroups <= 50))
    throw new UsageError('--max-groups takes a whole number from 2 to 50.', command);
  return {
    project,
    ...(values.by === undefined ? {} : { groupBy: attributeKey(columns, values.by, command) }),
    ...(conf ? { conf } : {}),
    ...(unit ? { unit } : {}),
    ...(values.times === undefined
      ? {}
      : { times: values.times.split(',').map((time) => positiveNumber(time, 'times', command)) }),
    ...(values.tau === undefined ? {} : { tau: positiveNumber(values.tau, 'tau', command) }),
    ...(maxGroups === undefined ? {} : { maxGroups }),
    ...filtersField(segmentFilters(values.filter, columns, command)),
  };
}

export function coxRequest(
  project: string,
  values: {
    covariates?: string | undefined;
    reference?: string[] | undefined;
    ties?: string | undefined;
    unit?: string | undefined;
    filter?: string[] | undefined;
  },
  columns: readonly FilterColumn[],
): RequestOf<'survival.cox'> {
  const command = 'cox';
  if (values.covariates === undefined || values.covariates.trim() === '')
    throw new UsageError('cox needs --covariates, e.g. --covariates Contract,MonthlyCharges', command);
  const covariates = values.covariates
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => attributeKey(columns, name, command));
  const references: Record<string, string> = {};
  for (const pair of values.reference ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--reference takes COLUMN=LEVEL, not "${pair}".`, command);
    references[attributeKey(columns, pair.slice(0, at), command)] = pair.slice(at + 1);
  }
  const ties = oneOf(values.ties, ['efron', 'breslow'] as const, 'ties', command);
  const unit = oneOf(values.unit, ['days', 'months'] as const, 'unit', command);
  return {
    project,
    covariates,
    ...(Object.keys(references).length ? { references } : {}),
    ...(ties ? { ties } : {}),
    ...(unit ? { unit } : {}),
    ...filtersField(segmentFilters(values.filter, columns, command)),
  };
}
