import type { ReactNode } from 'react';
import { Icon, type IconName } from '../ui/Icon';
import { Page } from '../ui/layout/Shell';
import { EmptyState } from '../ui/states';

/** A data view of a project with no customers yet: what would be here, and the button to import them. */
export function NoCustomersPage({
  pageTitle,
  icon,
  title,
  onImport,
  children,
}: {
  pageTitle: string;
  icon: IconName;
  title: string;
  onImport: () => void;
  children: ReactNode;
}) {
  return (
    <Page title={pageTitle}>
      <EmptyState
        icon={icon}
        title={title}
        action={
          <button type="button" className="btn btn-primary" onClick={onImport}>
            <Icon name="import" size={15} /> Import data
          </button>
        }
      >
        {children}
      </EmptyState>
    </Page>
  );
}
