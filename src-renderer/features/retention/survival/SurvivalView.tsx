import { EmptyState } from '../../../ui/states';
import { RetentionPage, useCustomerColumns, type RetentionViewProps } from '../RetentionPage';

/** Placeholder until the view lands. */
export function SurvivalView(
  props: RetentionViewProps & { groupBy: string | null; onGroupByChange: (key: string | null) => void },
) {
  const columns = useCustomerColumns(props.project.path, props.dataVersion);
  return (
    <RetentionPage view={props} title="Survival curves" columns={columns}>
      <EmptyState icon="retention" title="Coming next">
        This view is being built.
      </EmptyState>
    </RetentionPage>
  );
}
