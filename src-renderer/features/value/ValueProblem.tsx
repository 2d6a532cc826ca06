import type { AppError } from '@shared/errors';
import { Icon, type IconName } from '../../ui/Icon';
import { EmptyState, ErrorPanel } from '../../ui/states';

/**
 * Why a Value view shows nothing: data that cannot support the analysis (NOT_AVAILABLE: no transactions,
 * too few repeat buyers; the service says which) gets the import action; any other failure is an error
 * with "Try again".
 */
export function ValueProblem({
  error,
  failedTitle,
  unavailableTitle,
  what,
  icon = 'value',
  onImport,
  onRetry,
}: {
  error: AppError;
  failedTitle: string;
  unavailableTitle: string;
  /** What to import, in words ("transactions: customer ID, date and amount of every order"). */
  what: string;
  icon?: IconName;
  onImport: () => void;
  onRetry: () => void;
}) {
  if (error.code === 'NOT_AVAILABLE') {
    return (
      <EmptyState
        icon={icon}
        title={unavailableTitle}
        action={
          <button type="button" className="btn btn-primary" onClick={onImport}>
            <Icon name="import" size={15} /> Import data
          </button>
        }
      >
        <p>{error.message}</p>
        <p>Import {what}.</p>
      </EmptyState>
    );
  }
  return <ErrorPanel error={error} title={failedTitle} onRetry={onRetry} />;
}
