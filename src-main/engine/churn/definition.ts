import type { ChurnDefinition, ChurnSetting } from '@shared/domain/churn-definition';
import { minimumGapsForAutomaticWindow, type AutomaticWindow } from './inter-purchase';

/** What the project's data can say about churn: the facts every definition choice depends on. */
export interface ChurnFacts {
  /** Name of the customer table's churned flag column, when mapped. */
  flagColumn: string | null;
  /** Name of the customer table's end date column, when mapped (used as the flag when there is no flag). */
  endColumn: string | null;
  subscriptions: number;
  transactions: number;
  /** The automatic inactivity window, when there are transactions. */
  window: AutomaticWindow | null;
}

export type DefinitionKind = ChurnDefinition['kind'];

export interface DefinitionOption {
  kind: DefinitionKind;
  available: boolean;
  note: string;
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Which definitions the data allows, and what each needs or uses, in words. */
export function definitionOptions(facts: ChurnFacts): DefinitionOption[] {
  const flag: DefinitionOption = facts.flagColumn
    ? {
        kind: 'flag',
        available: true,
        note: `uses the customer table's churned column "${facts.flagColumn}"`,
      }
    : facts.endColumn
      ? {
          kind: 'flag',
          available: true,
          note: `the customer table has no churned column; a customer with an end date ("${facts.endColumn}") counts as churned`,
        }
      : {
          kind: 'flag',
          available: false,
          note: 'needs a customer table with a churned column (or an end date column)',
        };
  const contractual: DefinitionOption =
    facts.subscriptions > 0
      ? {
          kind: 'contractual',
          available: true,
          note: `uses the start and end dates of ${plural(facts.subscriptions, 'subscription')}`,
        }
      : { kind: 'contractual', available: false, note: 'needs a subscriptions dataset' };
  let nonContractual: DefinitionOption;
  if (facts.transactions === 0) {
    nonContractual = { kind: 'non-contractual', available: false, note: 'needs a transactions dataset' };
  } else if (facts.window?.ok) {
    nonContractual = {
      kind: 'non-contractual',
      available: true,
      note: `uses the order dates of ${plural(facts.transactions, 'transaction')}; the automatic window is ${facts.window.days} days`,
    };
  } else {
    nonContractual = {
      kind: 'non-contractual',
      available: true,
      note: `uses the order dates of ${plural(facts.transactions, 'transaction')}; choose the number of days yourself: ${
        facts.window?.ok === false ? facts.window.reason : 'the data shows no repeat purchases'
      }`,
    };
  }
  return [flag, contractual, nonContractual];
}

/**
 * The definition a project uses until the user chooses one: what the data states most directly first.
 * A churned column is the client's own verdict; subscriptions end on a known date; an end date in the
 * customer table is explicit too; silence after the last order is an inference, so it comes last.
 */
export function defaultDefinition(facts: ChurnFacts): ChurnDefinition | null {
  if (facts.flagColumn) return { kind: 'flag' };
  if (facts.subscriptions > 0) return { kind: 'contractual', graceDays: 30 };
  if (facts.endColumn) return { kind: 'flag' };
  if (facts.transactions > 0) return { kind: 'non-contractual', inactivityDays: null };
  return null;
}

/** Why a definition cannot be used with this data, or null when it can. */
export function unavailableReason(definition: ChurnDefinition, facts: ChurnFacts): string | null {
  const option = definitionOptions(facts).find((candidate) => candidate.kind === definition.kind);
  if (option && !option.available) return `The ${kindLabel[definition.kind]} definition ${option.note}.`;
  if (definition.kind === 'non-contractual' && definition.inactivityDays === null && !facts.window?.ok) {
    const reason =
      facts.window?.ok === false ? facts.window.reason : 'there are no repeat purchases to learn from';
    return `The number of days cannot be chosen from the data: ${reason}. Set it yourself.`;
  }
  return null;
}

export const kindLabel: Record<DefinitionKind, string> = {
  flag: 'churned-flag',
  contractual: 'contractual',
  'non-contractual': 'non-contractual',
};

/** The definition in force: the saved one when the data still supports it, else the default (and why). */
export function resolveDefinition(
  setting: ChurnSetting,
  facts: ChurnFacts,
): {
  definition: ChurnDefinition;
  graceDays: number | null;
  inactivityDays: number | null;
  automatic: boolean;
  fallback: string | null;
} | null {
  let definition = setting.definition;
  let fallback: string | null = null;
  if (definition) {
    const reason = unavailableReason(definition, facts);
    if (reason) {
      fallback = `The saved ${kindLabel[definition.kind]} definition cannot be used with the data the project holds now. ${reason}`;
      definition = null;
    }
  }
  definition ??= defaultDefinition(facts);
  if (!definition) return null;
  switch (definition.kind) {
    case 'flag':
      return { definition, graceDays: null, inactivityDays: null, automatic: false, fallback };
    case 'contractual':
      return {
        definition,
        graceDays: definition.graceDays,
        inactivityDays: null,
        automatic: false,
        fallback,
      };
    case 'non-contractual': {
      if (definition.inactivityDays !== null) {
        return {
          definition,
          graceDays: null,
          inactivityDays: definition.inactivityDays,
          automatic: false,
          fallback,
        };
      }
      if (facts.window?.ok) {
        return { definition, graceDays: null, inactivityDays: facts.window.days, automatic: true, fallback };
      }
      // Default non-contractual without enough repeat purchases: no number of days to apply.
      return null;
    }
  }
}

export { minimumGapsForAutomaticWindow };
