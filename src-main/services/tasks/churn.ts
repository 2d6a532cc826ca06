import type { ChurnDefinitionState } from '@shared/contract/churn';
import type { ChurnSetting } from '@shared/domain/churn-definition';
import { AppError } from '@shared/errors';
import { definitionOptions, unavailableReason } from '../../engine/churn/definition';
import { summariseInterPurchase } from '../../engine/churn/inter-purchase';
import type { TaskContext } from '../../jobs/task-context';
import {
  addDays,
  ensureCustomerView,
  readCustomerViewState,
  readInterPurchaseGaps,
  rebuildCustomerView,
  rebuildStepCount,
  writeChurnSetting,
  type CustomerViewState,
} from '../../store/customer-view';
import type { Db } from '../../store/database';

function definitionState(db: Db, state: CustomerViewState): ChurnDefinitionState {
  let interPurchase: ChurnDefinitionState['interPurchase'] = null;
  if (state.rows.transactions > 0) {
    const summary = summariseInterPurchase(readInterPurchaseGaps(db));
    const customersWithRepeatOrders = db
      .prepare('SELECT COUNT(*) FROM customer_view WHERE orders > 1')
      .pluck()
      .get() as number;
    interPurchase = { ...summary, customersWithRepeatOrders };
  }
  return {
    setting: state.setting,
    applied: state.applied,
    options: definitionOptions(state.facts),
    interPurchase,
    customers: state.customers,
    churned: state.churned,
  };
}

/** The project's churn definition, what the data allows, and the inter-purchase times (queries worker). */
export function churnDefinitionTask(input: { project: string }, ctx: TaskContext): ChurnDefinitionState {
  const db = ctx.projects.get(input.project);
  return definitionState(db, ensureCustomerView(db));
}

function isCalendarDate(iso: string): boolean {
  return addDays(iso, 0) === iso;
}

/**
 * Saves a churn setting and rebuilds the customer view under it, in ONE transaction (jobs worker):
 * a definition the data cannot support, a cancel or an error leaves the project as it was.
 */
export function setChurnDefinitionTask(
  input: { project: string; setting: ChurnSetting },
  ctx: TaskContext,
): ChurnDefinitionState {
  const { setting } = input;
  if (setting.asOf !== null && !isCalendarDate(setting.asOf)) {
    throw new AppError('INVALID_REQUEST', `${setting.asOf} is not a date.`, { asOf: setting.asOf });
  }
  const db = ctx.projects.get(input.project);
  // What the data holds decides most of it before any work (the automatic window is checked after the
  // rebuild, since it depends on the as-of date).
  const before = ensureCustomerView(db);
  if (setting.definition) {
    const option = definitionOptions(before.facts).find(
      (candidate) => candidate.kind === setting.definition?.kind,
    );
    if (option && !option.available) {
      throw new AppError('NOT_AVAILABLE', `This definition cannot be used here: it ${option.note}.`, {
        kind: option.kind,
      });
    }
  }
  const state = db
    .transaction(() => {
      writeChurnSetting(db, setting);
      rebuildCustomerView(db, {
        checkCancelled: () => ctx.checkCancelled(),
        onStep: (done, total, label) => ctx.progress({ phase: 'view', label, done, total, unit: 'steps' }),
      });
      const rebuilt = readCustomerViewState(db) as CustomerViewState;
      const reason = setting.definition ? unavailableReason(setting.definition, rebuilt.facts) : null;
      if (reason) throw new AppError('NOT_AVAILABLE', reason, { kind: setting.definition?.kind });
      return rebuilt;
    })
    .immediate();
  ctx.progress({
    phase: 'view',
    label: 'Customer view ready',
    done: rebuildStepCount,
    total: rebuildStepCount,
    unit: 'steps',
  });
  return definitionState(db, state);
}
