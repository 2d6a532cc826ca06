import type { CustomerMapping } from '@shared/contract/import';
import type { TenureUnit } from '@shared/domain/columns';

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
