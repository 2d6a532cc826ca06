import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

/** The IBM telco sample shipped in resources/. */
export const telcoCsv = join(root, 'resources', 'samples', 'telco_churn.csv');
/** R's survival::lung, from the shared data folder beside the repository (as CI has it). */
export const lungCsv = join(root, '..', 'shared', 'data', 'lung.csv');
/** The CDNOW purchase log shipped in resources/ (69,659 rows, 23,570 customers; 255 rows repeat an earlier one). */
export const cdnowCsv = join(root, 'resources', 'samples', 'cdnow_transactions.csv');
