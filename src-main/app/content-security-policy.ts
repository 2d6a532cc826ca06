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
