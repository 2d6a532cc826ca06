import { importDatasetTask, type DatasetImportInput } from './dataset-import';

/**
 * The customer import of the foundation, now one kind among several: the same importer with
 * `kind: 'customers'` (kept for callers that import customer tables directly, e.g. the golden tests).
 */
export type CustomerImportInput = DatasetImportInput;
export const importCustomersTask = importDatasetTask;
