import type { Sample } from '@shared/contract/app';
import type { CustomerMapping } from '@shared/contract/import';
import type { TenureUnit } from '@shared/domain/columns';
import { baseName } from '../../ui/errors';

/** A file to start the import wizard with (the sample dataset), skipping the file step. */
export interface WizardSeed {
  path: string;
  name: string;
  size?: number;
  suggestedMapping?: CustomerMapping;
  /** Unit of the suggested tenure column, when known (the sample says its tenure is in months). */
  tenureUnit?: TenureUnit;
  /** Shown beside the file name, e.g. "IBM Telco Customer Churn (sample)". */
  title?: string;
}

/** The wizard's starting point for a sample dataset: its file, its own mapping and tenure unit. */
export function seedFromSample(sample: Sample): WizardSeed {
  return {
    path: sample.path,
    name: baseName(sample.path),
    suggestedMapping: sample.suggestedMapping,
    ...(sample.tenureUnit ? { tenureUnit: sample.tenureUnit } : {}),
    title: sample.title,
  };
}
