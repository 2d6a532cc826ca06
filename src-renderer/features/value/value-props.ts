import type { ProjectInfo } from '@shared/contract/project';
import type { RfmSegment } from '@shared/contract/value';

/** What every Value view gets from the workspace. */
export interface ValueViewProps {
  project: ProjectInfo;
  /** Bumped when the project's data changes: read again. */
  dataVersion: number;
  onImport: () => void;
  /** Bumped when a fit is saved, deleted or its CLV recomputed: the fit lists read again. */
  modelsVersion: number;
  onModelsChanged: () => void;
  /** The fit the Value views show (chosen in Purchase model); null = the newest. */
  modelId: number | null;
  onModelChange: (id: number | null) => void;
  /** Open Purchase model (the "Fit" call to action). */
  onFit: () => void;
  /** Open Customer value, filtered to one RFM segment (the drill-down from RFM). */
  onDrill: (segment: RfmSegment) => void;
  /** The RFM segment Customer value was asked to show, with a counter so the same segment asked twice still applies. */
  drill: { segment: RfmSegment; request: number } | null;
}
