import type { RetentionViewProps } from '../retention/RetentionPage';

/** What the Risk views get from the workspace: the Retention props (segment, project) and the models' state. */
export interface RiskViewProps extends RetentionViewProps {
  /** Bumped when a model is trained, deleted or scored: the model lists read again. */
  modelsVersion: number;
  onModelsChanged: () => void;
  /** Open the scored-customers view on this model. */
  onScoreModel: (modelId: number) => void;
  /** Open Train & compare. */
  onTrain: () => void;
  /** The model the scored-customers view shows first (set by onScoreModel). */
  scoreModel: number | null;
}
