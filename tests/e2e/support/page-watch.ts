import type { Page } from '@playwright/test';

/**
 * Watches a page for what a clean run must not have: console errors, uncaught exceptions, Content
 * Security Policy violations (caught in the page, since Chromium reports some of them only as events),
 * and requests to anywhere but the allowed origin.
 */
export interface PageWatch {
  consoleErrors: string[];
  cspViolations: () => Promise<string[]>;
  foreignRequests: string[];
  requests: string[];
}

interface CspViolationEvent {
  violatedDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}

interface PageGlobals {
  __cspViolations: string[];
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: CspViolationEvent) => void): void;
  };
}

export async function watchPage(page: Page, allowedOrigin: string): Promise<PageWatch> {
  const watch: Omit<PageWatch, 'cspViolations'> = { consoleErrors: [], foreignRequests: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    watch.requests.push(url);
    if (new URL(url).origin !== allowedOrigin) watch.foreignRequests.push(url);
  });
  // Runs in the page. Typed structurally: this folder is compiled without the DOM library.
  await page.addInitScript(() => {
    const page = globalThis as unknown as PageGlobals;
    const seen: string[] = [];
    page.__cspViolations = seen;
    page.document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      ),
    );
  });
  return {
    ...watch,
    cspViolations: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations),
  };
}
