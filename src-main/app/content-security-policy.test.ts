import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, developmentContentSecurityPolicy } from './content-security-policy';

describe('content security policy', () => {
  it("index.html's <meta> is the same policy (less frame-ancestors, which a meta tag cannot set)", () => {
    const html = readFileSync('src-renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(contentSecurityPolicy.replace("; frame-ancestors 'none'", ''));
  });

  it('relaxes only script, style and connect sources for the dev server', () => {
    expect(developmentContentSecurityPolicy).not.toBe(contentSecurityPolicy);
    expect(developmentContentSecurityPolicy).toContain("script-src 'self' 'unsafe-inline'");
    expect(developmentContentSecurityPolicy).toContain("connect-src 'self' ws://localhost:*");
    expect(developmentContentSecurityPolicy).toContain("object-src 'none'");
  });
});
