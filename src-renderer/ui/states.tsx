import type { ReactNode } from 'react';
import type { AppError } from '@shared/errors';
import { describeLocation, errorLocation, errorTitle } from './errors';
import { dash } from './format';
import { Icon, type IconName } from './Icon';
import { Page } from './layout/Shell';
import './states.css';

/** Shown where there is nothing to show yet, with the one action that changes that. */
export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <div className="empty-state-icon">
        <Icon name={icon} size={28} />
      </div>
      <h2>{title}</h2>
      {children && <div className="empty-state-text">{children}</div>}
      {action && <div className="empty-state-action">{action}</div>}
    </div>
  );
}

/** An error as the user should see it: what happened, where in the file, and what to do next. */
export function ErrorPanel({
  error,
  title,
  action,
  onRetry,
  compact = false,
}: {
  error: AppError;
  title?: string;
  action?: ReactNode;
  /** Shows a "Try again" button (the usual action for a failed read). */
  onRetry?: () => void;
  compact?: boolean;
}) {
  const location = errorLocation(error);
  return (
    <div
      className={`error-panel callout callout-danger${compact ? ' error-panel-compact' : ''}`}
      role="alert"
    >
      <Icon name="alert" size={20} className="error-panel-icon" />
      <div className="error-panel-body">
        <h3>{title ?? errorTitle(error)}</h3>
        <p>{error.message}</p>
        {/* A file alone is shown by its path; "In x.csv" only adds something with a line or column. */}
        {location && (location.line !== undefined || location.column !== undefined) && (
          <p className="error-panel-location">{describeLocation(location)}</p>
        )}
        {location?.file && (
          <p className="small muted mono" title={location.file}>
            {location.file}
          </p>
        )}
        <p className="small faint">Error code {error.code}</p>
        {(action || onRetry) && (
          <div className="error-panel-action">
            {action}
            {onRetry && (
              <button type="button" className="btn btn-small" onClick={onRetry}>
                Try again
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/** A value that is not there (an empty cell, no column), as every table shows it. */
export function Missing() {
  return <span className="cell-missing">{dash}</span>;
}

export function Loading({ label = 'Loading…', inline = false }: { label?: string; inline?: boolean }) {
  return (
    <div className={inline ? 'loading loading-inline' : 'loading'} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A page whose data has not arrived: loading, or the error with a way to try again. */
export function PageNotReady({
  title,
  state,
  loadingLabel,
  errorTitle: failedTitle,
}: {
  title: string;
  state: { status: 'loading' | 'ready' | 'error'; error: AppError | undefined; reload: () => void };
  loadingLabel: string;
  errorTitle: string;
}) {
  return (
    <Page title={title}>
      {state.status === 'error' && state.error ? (
        <ErrorPanel error={state.error} title={failedTitle} onRetry={state.reload} />
      ) : (
        <Loading label={loadingLabel} />
      )}
    </Page>
  );
}
