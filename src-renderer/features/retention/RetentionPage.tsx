import type { ReactNode } from 'react';
import type { CustomerColumn } from '@shared/contract/customers';
import type { ProjectInfo } from '@shared/contract/project';
import type { AppliedChurnDefinition } from '@shared/domain/churn-definition';
import { client } from '../../client';
import { Page } from '../../ui/layout/Shell';
import { useAsync } from '../../ui/use-async';
import { DefinitionLine } from '../churn-definition/DefinitionLine';
import { SegmentBar } from './SegmentBar';
import type { Segment } from './segment';
import './retention.css';

/** What every Retention view gets from the workspace. */
export interface RetentionViewProps {
  project: ProjectInfo;
  /** Bumped when the project's data or churn definition changes: read again. */
  dataVersion: number;
  /** The segment shared by the Retention views. */
  segment: Segment;
  onSegmentChange: (segment: Segment) => void;
  onImport: () => void;
  onDefinition: () => void;
}

/** The customer table's columns, for group-by pickers, the segment bar and captions. */
export function useCustomerColumns(project: string, dataVersion: number): CustomerColumn[] {
  const state = useAsync(`${project}\u0000${dataVersion}`, (signal) =>
    client.customers.columns({ project }, { signal }),
  );
  return (state.data ?? state.previous)?.columns ?? [];
}

/**
 * The frame of a Retention view: title, the churn definition and as-of date the numbers use, the view's
 * own controls (group by, period, …), the segment bar, then the content.
 */
export function RetentionPage({
  view,
  title,
  subtitle,
  applied,
  columns,
  controls,
  children,
}: {
  view: RetentionViewProps;
  title: string;
  subtitle?: ReactNode;
  /** The definition the shown result used (undefined while none is shown: the project's is read). */
  applied?: AppliedChurnDefinition | null;
  columns: readonly CustomerColumn[];
  controls?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Page title={title} subtitle={subtitle} wide>
      <div className="analysis-context">
        <DefinitionLine
          project={view.project.path}
          dataVersion={view.dataVersion}
          {...(applied !== undefined ? { applied } : {})}
          onChange={view.onDefinition}
        />
      </div>
      <div className="analysis-toolbar">
        {controls && <div className="analysis-controls">{controls}</div>}
        <SegmentBar
          project={view.project.path}
          columns={columns}
          segment={view.segment}
          onChange={view.onSegmentChange}
        />
      </div>
      {children}
    </Page>
  );
}

/** A labelled select for the toolbar. */
export function ToolbarSelect<T extends string>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  testId?: string;
}) {
  return (
    <label className="toolbar-field">
      <span className="toolbar-field-label">{label}</span>
      <select
        className="select select-small"
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value as T)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
