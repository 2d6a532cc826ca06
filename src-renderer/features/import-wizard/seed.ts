import type { Sample } from '@shared/contract/app';
import type { TenureUnit } from '@shared/domain/columns';
import type { DatasetKind, RoleMapping } from '@shared/domain/datasets';
import { baseName } from '../../ui/errors';

/** A file to start the import wizard with (a sample dataset, or a file just picked), with what is known of it. */
export interface WizardSeed {
  path: string;
  name: string;
  size?: number;
  /** The kind the file is known to be (samples say theirs); otherwise inspection guesses it. */
  kind?: DatasetKind;
  suggestedMapping?: RoleMapping;
  /** Unit of the suggested tenure column, when known (the telco sample says its tenure is in months). */
  tenureUnit?: TenureUnit;
  /** Shown beside the file name, e.g. "IBM Telco Customer Churn (sample)". */
  title?: string;
}

/** The wizard's starting point for a sample dataset: its file, kind, own mapping and tenure unit. */
export function seedFromSample(sample: Sample): WizardSeed {
  return {
    path: sample.path,
    name: baseName(sample.path),
    kind: sample.kind,
    suggestedMapping: sample.suggestedMapping,
    ...(sample.tenureUnit ? { tenureUnit: sample.tenureUnit } : {}),
    title: sample.title,
  };
}
