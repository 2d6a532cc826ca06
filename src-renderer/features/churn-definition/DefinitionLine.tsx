import type { AppliedChurnDefinition } from '@shared/domain/churn-definition';
import { client } from '../../client';
import { useAsync } from '../../ui/use-async';
import './churn-definition.css';

/**
 * The line every analysis page shows under its title: the churn definition its numbers use and the date
 * they describe, with a way to change it. Given `applied` it shows that; otherwise it asks the project.
 * Says nothing while it does not know (or the project cannot say): the page's own figures still stand.
 */
export function DefinitionLine({
  project,
  dataVersion,
  applied,
  onChange,
}: {
  project: string;
  dataVersion: number;
  applied?: AppliedChurnDefinition | null;
  onChange: () => void;
}) {
  const state = useAsync(applied === undefined ? `${project}\u0000${dataVersion}` : null, (signal) =>
    client.churn.definition({ project }, { signal }),
  );
  const shown = applied === undefined ? state.data?.applied : applied;
  if (!shown) return null;
  return (
    <span className="definition-line" data-testid="definition-line">
      <span className="definition-line-summary">{shown.summary}</span>
      <span className="muted">
        {shown.asOf === null ? (
          'No as-of date: the data has no dates.'
        ) : (
          <>
            As of <span className="num">{shown.asOf}</span>
            {shown.asOfSource === 'user' ? ' (set by you)' : ' (the latest date in the data)'}.
          </>
        )}
      </span>
      <button type="button" className="link-button" onClick={onChange}>
        Change the definition
      </button>
    </span>
  );
}
