import type { AppError } from '@shared/errors';
import { Icon, type IconName } from '../../ui/Icon';
import { EmptyState, ErrorPanel } from '../../ui/states';
import type { RetentionViewProps } from './RetentionPage';

/**
 * Why an analysis view (Retention, Risk, Value) shows nothing: an analysis the project's data cannot
 * support (NOT_AVAILABLE, with the service's reason) gets the actions that change that (importing data,
 * and the churn definition where the view has one); any other failure is an error with "Try again".
 */
export function AnalysisProblem({
  error,
  view,
  failedTitle,
  unavailableTitle = 'Nothing to analyse yet',
  note,
  icon = 'definition',
  onRetry,
}: {
  error: AppError;
  /** Without onDefinition (the Value views: no churn definition involved) only "Import data" shows. */
  view: Pick<RetentionViewProps, 'onImport'> & Partial<Pick<RetentionViewProps, 'onDefinition'>>;
  failedTitle: string;
  unavailableTitle?: string;
  /** A second paragraph under the service's reason. */
  note?: string;
  icon?: IconName;
  onRetry: () => void;
}) {
  if (error.code === 'NOT_AVAILABLE') {
    return (
      <EmptyState
        icon={icon}
        title={unavailableTitle}
        action={
          <div className="analysis-actions">
            <button type="button" className="btn btn-primary" onClick={view.onImport}>
              <Icon name="import" size={15} /> Import data
            </button>
            {view.onDefinition && (
              <button type="button" className="btn" onClick={view.onDefinition}>
                Churn definition
              </button>
            )}
          </div>
        }
      >
        <p>{error.message}</p>
        {note && <p>{note}</p>}
      </EmptyState>
    );
  }
  return <ErrorPanel error={error} title={failedTitle} onRetry={onRetry} />;
}
