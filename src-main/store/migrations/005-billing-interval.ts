import type { Migration } from './migration';

/** An undo archive of the subscriptions (store/datasets.ts: undo<importId>_subscriptions). */
const archivedSubscriptions = /^undo[1-9][0-9]*_subscriptions$/;

/**
 * Subscriptions gain billing_interval: 'month', 'quarter' or 'year' (NULL: monthly), the interval the
 * mrr column's amount is per. The importer normalises the file's words to these three; the CHECK keeps
 * every reader (customer view, retention) safe to assume them.
 *
 * The undo archives of earlier replacing imports get the column too: undo renames an archive back to
 * `subscriptions`, and the importer and the customer view then expect the column there.
 *
 * This DDL is frozen: store/dataset-schema.ts holds the current DDL used at run time.
 */
export const migration005: Migration = {
  version: 5,
  name: 'billing interval of subscriptions',
  up: (db) => {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    ).filter((name) => name === 'subscriptions' || archivedSubscriptions.test(name));
    for (const table of tables) {
      // The name is `subscriptions` or matched the archive pattern above: no user text.
      db.exec(
        `ALTER TABLE ${table} ADD COLUMN billing_interval TEXT CHECK (billing_interval IN ('month', 'quarter', 'year'))`,
      );
    }
  },
};
