import { UsageError } from './usage-error';

export interface NamedColumn {
  key: string;
  name: string;
}

/**
 * The key of the attribute a user named on the command line: its key ("a15"), its name as shown
 * ("Contract"), or the name in any letter case when that is unambiguous.
 */
export function attributeKey(columns: readonly NamedColumn[], given: string, command: string): string {
  const byKey = columns.find((column) => column.key === given);
  if (byKey) return byKey.key;
  const byName = columns.filter((column) => column.name === given);
  if (byName.length === 1) return byName[0]!.key;
  const folded = columns.filter((column) => column.name.toLowerCase() === given.toLowerCase());
  if (byName.length === 0 && folded.length === 1) return folded[0]!.key;
  const names = columns.map((column) => column.name).join(', ');
  throw new UsageError(
    byName.length + folded.length > 1
      ? `"${given}" names more than one column; use its key (tenure call customers.columns lists them).`
      : `There is no column "${given}". Columns: ${names}.`,
    command,
  );
}
