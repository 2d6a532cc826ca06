import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';
import { migration001 } from './001-project';
import { migration002 } from './002-customers';
import { migration003 } from './003-datasets';
import { migration004 } from './004-customer-view';
import { migration005 } from './005-billing-interval';
import { migration006 } from './006-risk-models';
import { migration007 } from './007-value-models';

export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
];
export const latestSchemaVersion = migrations.length;

/** Brings a project file up to `target` (default: latest), one transaction per step. */
export function migrate(db: Database, target: number = latestSchemaVersion): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      // user_version cannot take a bound parameter; the value is our own integer.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    })();
  }
}
