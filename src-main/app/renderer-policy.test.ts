import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rendererPolicy } from './renderer-policy';

const dir = '/opt/tenure/out/renderer';
const index = pathToFileURL(`${dir}/index.html`).href;

describe('Electron renderer policy', () => {
  const built = rendererPolicy({ rendererDir: dir });
  const dev = rendererPolicy({ rendererDir: dir, devServerUrl: 'http://localhost:5173' });

  it('lets only the built index.html call the main process', () => {
    expect(built.isAllowedSender(index)).toBe(true);
    expect(built.isAllowedSender(`${index}#project=x`)).toBe(true);
    expect(built.isAllowedSender(pathToFileURL(`${dir}/assets/evil.html`).href)).toBe(false);
    expect(built.isAllowedSender('file:///tmp/index.html')).toBe(false);
    expect(built.isAllowedSender('http://localhost:5173/')).toBe(false);
    expect(built.isAllowedSender('https://example.com/')).toBe(false);
    expect(built.isAllowedSender('about:blank')).toBe(false);
    expect(built.isAllowedSender('not a url')).toBe(false);
    expect(dev.isAllowedSender('http://localhost:5173/')).toBe(true);
    expect(dev.isAllowedSender('http://localhost:5174/')).toBe(false);
  });

  it('lets the window load its own files and nothing from the network', () => {
    expect(built.isAllowedRequest(pathToFileURL(`${dir}/assets/index-abc.js`).href)).toBe(true);
    expect(built.isAllowedRequest(index)).toBe(true);
    expect(built.isAllowedRequest('file:///etc/passwd')).toBe(false);
    expect(built.isAllowedRequest(pathToFileURL(`${dir}/../main/index.js`).href)).toBe(false);
    expect(built.isAllowedRequest('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(built.isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(built.isAllowedRequest('https://fonts.googleapis.com/css')).toBe(false);
    expect(built.isAllowedRequest('http://localhost:5173/src/main.tsx')).toBe(false);
    expect(dev.isAllowedRequest('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev.isAllowedRequest('ws://localhost:5173/')).toBe(true);
    expect(dev.isAllowedRequest('http://localhost:8080/')).toBe(false);
  });
});
