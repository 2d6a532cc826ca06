/**
 * Column names as the app shows them: the header text trimmed; an empty header cell becomes
 * "column N" (N = 1-based position); a name seen before gets " (2)", " (3)"… so every name is unique
 * (mappings and type overrides refer to columns by name). Without a header: "column 1"…
 * Extra header cells beyond `columnCount` are dropped; missing ones are named by position.
 */
export function columnNames(headerFields: string[] | null, columnCount: number): string[] {
  const names: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < columnCount; i++) {
    const raw = headerFields?.[i]?.trim() ?? '';
    const base = raw === '' ? `column ${i + 1}` : raw;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base} (${n})`;
    used.add(name);
    names.push(name);
  }
  return names;
}

/** The header line again: every field equal to the header's (ignoring surrounding blanks). */
export function isRepeatedHeader(fields: readonly string[], header: readonly string[]): boolean {
  if (fields.length !== header.length) return false;
  let named = false;
  for (let i = 0; i < fields.length; i++) {
    const name = (header[i] as string).trim();
    if ((fields[i] as string).trim() !== name) return false;
    if (name !== '') named = true;
  }
  return named;
}
