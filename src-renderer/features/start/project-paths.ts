/**
 * File paths come from the main process as plain strings on whatever platform it runs; these helpers
 * only compose them, using the separator the folder already uses (so Windows paths stay Windows paths).
 */
function separatorOf(folder: string): '/' | '\\' {
  return folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
}

export function joinPath(folder: string, name: string): string {
  const separator = separatorOf(folder);
  return folder.endsWith(separator) ? folder + name : folder + separator + name;
}

/** Characters Windows, macOS or Linux refuse in a file name (control characters included, on purpose). */
// eslint-disable-next-line no-control-regex
const unsafeInFileName = /[<>:"/\\|?*\u0000-\u001f]/g;

const projectExtension = '.tenure';

/**
 * What the "New project" field means: a bare name becomes `<projectsDir>/<name>.tenure`; anything with a
 * folder separator is a full path (given the .tenure extension when it has none).
 */
export function newProjectTarget(input: string, projectsDir: string): { path: string; name: string } | null {
  const text = input.trim();
  if (!text) return null;
  if (/[\\/]/.test(text)) {
    const path = text.toLowerCase().endsWith(projectExtension) ? text : text + projectExtension;
    const file = path.split(/[\\/]/).pop() ?? path;
    const name = file.slice(0, -projectExtension.length).trim();
    return name ? { path, name } : null;
  }
  const name = text.toLowerCase().endsWith(projectExtension)
    ? text.slice(0, -projectExtension.length).trim()
    : text;
  const fileName = name.replace(unsafeInFileName, '-').replace(/^\.+/, '').trim();
  if (!fileName) return null;
  return { path: joinPath(projectsDir, fileName + projectExtension), name };
}

/** "Telco sample", then "Telco sample 2", "Telco sample 3"… — the n-th candidate name. */
export function numberedName(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base} ${attempt}`;
}
