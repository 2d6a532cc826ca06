/**
 * Hands a file to the user as a download. The same code works in both shells: Chromium saves a
 * download to its downloads folder (or asks where), and Electron's default for a download is a native
 * "Save as" dialog. The blob URL never leaves the page (the CSP allows blob: and the Electron request
 * filter lets it through), so nothing touches the network.
 */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser may still be reading the blob when click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function saveTextFile(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // A byte-order mark makes Excel read UTF-8 CSV as UTF-8 rather than the system code page (umlauts!).
  const body = type.startsWith('text/csv') && !text.startsWith('\uFEFF') ? `\uFEFF${text}` : text;
  saveBlob(fileName, new Blob([body], { type }));
}
