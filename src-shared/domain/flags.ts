/**
 * Yes/no words a churned flag (or a boolean column) may use. Matching ignores case and surrounding
 * space. "Status" words (active/cancelled…) count for the churned flag but do not make a column
 * boolean on their own, because "Active"/"Paused" style columns are usually categories.
 */
// prettier-ignore
const yesWords = [
  'yes', 'y', 'true', 't', '1',
  'ja', 'j', 'oui', 'si', 'sí', 'sì', 'sim', 'да', 'tak', 'ano', 'igen', 'evet', 'kyllä', 'kylla',
  'wahr', 'vrai', 'verdadero', 'vero', 'waar', '是', 'はい', '예',
];
// prettier-ignore
const noWords = [
  'no', 'n', 'false', 'f', '0',
  'nein', 'non', 'não', 'nao', 'нет', 'nie', 'ne', 'nem', 'hayır', 'hayir', 'ei', 'nej', 'nee',
  'falsch', 'faux', 'falso', 'onwaar', '否', 'いいえ', '아니오',
];
const churnedStatusWords = [
  'churned',
  'churn',
  'left',
  'lost',
  'cancelled',
  'canceled',
  'terminated',
  'inactive',
];
const activeStatusWords = ['active', 'retained', 'stayed', 'current', 'not churned'];

const yes = new Set(yesWords);
const no = new Set(noWords);
const churnedStatus = new Set(churnedStatusWords);
const activeStatus = new Set(activeStatusWords);

/** No flag word is longer than this; longer values are answered without lower-casing them. */
const longestWord = Math.max(
  ...[...yesWords, ...noWords, ...churnedStatusWords, ...activeStatusWords].map((w) => w.length),
);

// Runs for every cell of every column during type inference, so it stays cheap: plain toLowerCase
// (locale-independent, fast) and a length check before any string work.
function normalise(raw: string): string | null {
  if (raw.length > longestWord + 8) return null;
  const word = raw.trim();
  return word.length > longestWord ? null : word.toLowerCase();
}

/** true/false for a plain yes/no word ("Yes", "FALSE", "0", "nein"), otherwise null. */
export function booleanWord(raw: string): boolean | null {
  const word = normalise(raw);
  if (word === null) return null;
  if (yes.has(word)) return true;
  if (no.has(word)) return false;
  return null;
}

/** How a churned-flag value reads on its own: churned, not churned, or null when it needs the user. */
export function churnedFlagWord(raw: string): boolean | null {
  const plain = booleanWord(raw);
  if (plain !== null) return plain;
  const word = normalise(raw);
  if (word === null) return null;
  if (churnedStatus.has(word)) return true;
  if (activeStatus.has(word)) return false;
  return null;
}
