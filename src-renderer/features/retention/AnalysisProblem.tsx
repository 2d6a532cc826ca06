import type { AppError } from '@shared/errors';
import { EmptyState, ErrorPanel } from '../../../ui/states';

/**
 * Why an analysis shows nothing: a project without churn information (NOT_AVAILABLE) gets the two
 * actions that change that; any other failure is an error with "Try again".
 */
export function AnalysisProblem({
  error,
  failedTitle,
  onRetry,
  onImport,
  onDefinition,
}: {
  error: AppError;
  failedTitle: string;
  onRetry: () => void;
  onImport: () => void;
  onDefinition: () => void;
}) {
  if (error.code === 'NOT_AVAILABLE') {
    return (
      <EmptyState
        icon="definition"
        title="Nothing to analyse yet"
        action={
          <div className="analysis-actions">
            <button type="button" className="btn btn-primary" onClick={onImport}>
              Import data
            </button>
            <button type="button" className="btn" onClick={onDefinition}>
              Define churn
            </button>
          </div>
        }
      >
        <p>{error.message}</p>
        <p>Survival curves, the hazard model and the churn drivers need to know who left and when.</p>
      </EmptyState>
    );
  }
  return <ErrorPanel error={error} title={failedTitle} onRetry={onRetry} />;
}
