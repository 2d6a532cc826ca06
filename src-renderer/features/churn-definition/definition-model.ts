import type { ChurnDefinitionState } from '@shared/contract/churn';
import type { ChurnSetting } from '@shared/domain/churn-definition';

/** The definition chosen on the page: Tenure's default for the data, or one of the three. */
export type DraftKind = 'default' | 'flag' | 'contractual' | 'non-contractual';

/** The form as typed: numbers stay text until saved, so a half-typed number is not thrown away. */
export interface DefinitionDraft {
  kind: DraftKind;
  graceDays: string;
  inactivity: 'auto' | 'fixed';
  inactivityDays: string;
  /** yyyy-mm-dd, or empty for the latest date in the data. */
  asOf: string;
}

export const defaultGraceDays = 30;

/** The form for the project's current setting; numbers not set come from what is applied (or defaults). */
export function draftFromState(state: ChurnDefinitionState): DefinitionDraft {
  const { setting, applied, interPurchase } = state;
  const definition = setting.definition;
  const graceDays =
    definition?.kind === 'contractual' ? definition.graceDays : (applied?.graceDays ?? defaultGraceDays);
  const fixedDays = definition?.kind === 'non-contractual' ? definition.inactivityDays : null;
  // A fixed window starts from the one in force, else the 90th percentile of the gaps between orders.
  const suggestedDays =
    fixedDays ?? applied?.inactivityDays ?? (interPurchase?.p90 != null ? Math.ceil(interPurchase.p90) : 180);
  return {
    kind: definition?.kind ?? 'default',
    graceDays: String(graceDays),
    inactivity:
      definition?.kind === 'non-contractual' && definition.inactivityDays !== null ? 'fixed' : 'auto',
    inactivityDays: String(suggestedDays),
    asOf: setting.asOf ?? '',
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** The setting to save, or what is wrong with the form. */
export function settingFromDraft(draft: DefinitionDraft): { setting: ChurnSetting } | { problem: string } {
  const asOf = draft.asOf.trim();
  if (asOf !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) {
    return {
      problem: 'The as-of date must be a date (yyyy-mm-dd), or empty for the latest date in the data.',
    };
  }
  const asOfValue = asOf === '' ? null : asOf;
  switch (draft.kind) {
    case 'default':
      return { setting: { definition: null, asOf: asOfValue } };
    case 'flag':
      return { setting: { definition: { kind: 'flag' }, asOf: asOfValue } };
    case 'contractual': {
      const graceDays = wholeNumber(draft.graceDays, 0, 3650);
      if (graceDays === null)
        return { problem: 'The grace period must be a whole number of days from 0 to 3650.' };
      return { setting: { definition: { kind: 'contractual', graceDays }, asOf: asOfValue } };
    }
    case 'non-contractual': {
      if (draft.inactivity === 'auto') {
        return {
          setting: { definition: { kind: 'non-contractual', inactivityDays: null }, asOf: asOfValue },
        };
      }
      const inactivityDays = wholeNumber(draft.inactivityDays, 1, 3650);
      if (inactivityDays === null) {
        return { problem: 'The inactivity window must be a whole number of days from 1 to 3650.' };
      }
      return { setting: { definition: { kind: 'non-contractual', inactivityDays }, asOf: asOfValue } };
    }
  }
}

/** Whether saving the draft would change the project's setting. */
export function draftChanges(draft: DefinitionDraft, current: ChurnSetting): boolean {
  const result = settingFromDraft(draft);
  if ('problem' in result) return true;
  return JSON.stringify(result.setting) !== JSON.stringify(current);
}

/** The inactivity window to mark on the histogram for the draft (null: none to mark). */
export function windowToMark(draft: DefinitionDraft, state: ChurnDefinitionState): number | null {
  const applied = state.applied;
  const appliedWindow = applied?.definition.kind === 'non-contractual' ? applied.inactivityDays : null;
  if (draft.kind === 'non-contractual') {
    if (draft.inactivity === 'fixed') return wholeNumber(draft.inactivityDays, 1, 3650);
    return appliedWindow;
  }
  if (draft.kind === 'default') return appliedWindow;
  return null;
}
