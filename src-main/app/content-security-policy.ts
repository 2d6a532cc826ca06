/**
 * The renderer's Content Security Policy, the same in every mode: the Electron window (response header
 * via session.webRequest and the <meta> in index.html) and browser mode (header on every response of the
 * loopback bridge). Everything comes from the app itself; nothing is fetched from elsewhere, no inline
 * script, no eval, no plugins, no framing, no form posts. `img-src data: blob:` is for chart exports
 * (ECharts renders PNG/SVG to data/blob URLs).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * `electron-vite dev` only (never a built app): Vite's hot reload injects an inline script preamble and
 * <style> tags and talks to its server over a WebSocket, which the policy above forbids.
 */
export const developmentContentSecurityPolicy = contentSecurityPolicy
  .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
