import { request as httpRequest } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridge as wire } from '@shared/bridge';
import { startBridge, type Bridge } from '../../src-main/transports/http/bridge';
import { contentSecurityPolicy } from '../../src-main/app/content-security-policy';
import { fakeDispatch, type FakeProbe } from './fake-handlers';
import { parseEvents, rawRequest } from './http-client';

let dir: string;
let rendererDir: string;
let stagingDir: string;
let server: Bridge;
let probe: FakeProbe;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tenure-bridge-'));
  rendererDir = join(dir, 'renderer');
  stagingDir = join(dir, 'staging');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tenure</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  // A file next to the renderer folder that no request may read.
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  const fake = fakeDispatch();
  probe = fake.probe;
  server = await startBridge({ dispatch: fake.dispatch, rendererDir, stagingDir, maxUploadBytes: 1000 });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = () => ({ [wire.tokenHeader]: server.token, 'content-type': 'application/json' });
const call = (channel: string, body: string, headers: Record<string, string> = auth()) =>
  rawRequest(server.port, { method: 'POST', path: `${wire.callPath}${channel}`, headers, body });

describe('loopback bridge: address and token', () => {
  it('prints a 127.0.0.1 URL with a fresh 256-bit token in the fragment', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
    const other = await startBridge({ dispatch: fakeDispatch().dispatch, rendererDir, stagingDir });
    expect(other.token).not.toBe(server.token);
    await other.close();
  });

  it("listens on 127.0.0.1 only: not on this machine's other addresses", async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')
      .map((address) => address?.address ?? '');
    others.push('::1');
    for (const address of others) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(reached, address).toBe(false);
    }
  });

  it('answers 401 UNAUTHORIZED without the token or with a wrong one, before running anything', async () => {
    const before = probe.received.length;
    const missing = await call('app.info', '{}', { 'content-type': 'application/json' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const wrong = await call('app.info', '{}', { [wire.tokenHeader]: server.token.slice(0, -1) + 'x' });
    expect(wrong.status).toBe(401);
    const upload = await rawRequest(server.port, { method: 'POST', path: wire.filesPath, body: 'a' });
    expect(upload.status).toBe(401);
    expect(probe.received.length).toBe(before);
  });

  it('answers 403 FORBIDDEN to any other Host (DNS rebinding), for /api and static files alike', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      '127.0.0.1',
    ]) {
      const api = await call('app.info', '{}', { ...auth(), host });
      expect(api.status, host).toBe(403);
      expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const page = await rawRequest(server.port, { path: '/', headers: { host } });
      expect(page.status, host).toBe(403);
    }
    const localhost = await call('app.info', '{}', { ...auth(), host: `localhost:${server.port}` });
    expect(localhost.status).toBe(200);
  });

  it('answers 403 to a foreign Origin even with the token, and accepts its own origin', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`]) {
      const res = await call('app.info', '{}', { ...auth(), origin });
      expect(res.status, origin).toBe(403);
    }
    const own = await call('app.info', '{}', { ...auth(), origin: `http://127.0.0.1:${server.port}` });
    expect(own.status).toBe(200);
  });

  it('never sends CORS headers and marks /api answers no-store', async () => {
    const res = await call('app.info', '{}', { ...auth(), origin: `http://127.0.0.1:${server.port}` });
    expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('loopback bridge: calls', () => {
  it('runs a call and answers its CallResult as JSON with status 200', async () => {
    const res = await call('project.create', JSON.stringify({ path: '/tmp/a.tenure', name: 'A' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { path: '/tmp/a.tenure', name: 'A' } });
  });

  it('answers application errors as data with status 200', async () => {
    const res = await call('project.create', JSON.stringify({ path: '/tmp/exists.tenure' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: {
        code: 'ALREADY_EXISTS',
        message: '/tmp/exists.tenure already exists.',
        details: { file: '/tmp/exists.tenure' },
      },
    });
  });

  it('rejects a payload its schema refuses with an INVALID_REQUEST CallResult, without calling the handler', async () => {
    const before = probe.received.length;
    const res = await call('project.create', JSON.stringify({ path: 42 }));
    expect(res.status).toBe(200);
    const result = JSON.parse(res.body) as { ok: boolean; error: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('INVALID_REQUEST');
    expect(result.error.message).toContain('path');
    const extra = await call('app.info', JSON.stringify({ unexpected: true }));
    expect(JSON.parse(extra.body)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(probe.received.length).toBe(before);
  });

  it('answers 400 INVALID_REQUEST for a body that is not JSON, and 413 for one over the limit', async () => {
    const bad = await call('app.info', '{"unterminated":');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const huge = await call('app.info', JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it('answers UNKNOWN_CHANNEL as data, 404 for unknown /api paths and 405 for GET calls', async () => {
    const unknown = await call('nope.nothing', '{}');
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const path = await rawRequest(server.port, { method: 'POST', path: '/api/other', headers: auth() });
    expect(path.status).toBe(404);
    const get = await rawRequest(server.port, { path: `${wire.callPath}app.info`, headers: auth() });
    expect(get.status).toBe(405);
  });

  it('streams progress events and then the result with Accept: text/event-stream', async () => {
    const request = {
      project: '/tmp/p.tenure',
      path: '/tmp/f.csv',
      kind: 'customers',
      mapping: { id: 'id' },
      dryRun: true,
    };
    const res = await call('import.run', JSON.stringify(request), { ...auth(), accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseEvents(res.body);
    expect(events.map((e) => e.event)).toEqual(['progress', 'progress', 'result']);
    expect(events[1]?.data).toMatchObject({ done: 2, total: 4, unit: 'rows' });
    expect(events[2]?.data).toMatchObject({ ok: true, value: { imported: 2, rejectedCount: 1 } });
  });

  it('aborts the call when the client goes away before the result (cancellation)', async () => {
    const request = {
      project: '/tmp/p.tenure',
      path: '/tmp/slow.csv',
      kind: 'customers',
      mapping: { id: 'id' },
    };
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `${wire.callPath}import.run`,
          headers: { ...auth(), accept: 'text/event-stream' },
        },
        (res) => {
          res.once('data', () => {
            // The first progress event arrived: the call is running. Hang up like a closed tab.
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') reject(error);
      });
      req.end(JSON.stringify(request));
    });
    await expect(Promise.race([probe.importAborted.then(() => 'aborted'), timeout(5000)])).resolves.toBe(
      'aborted',
    );
  });
});

describe('loopback bridge: static files', () => {
  it('serves index.html for / with the strict CSP and the right content types', async () => {
    const page = await rawRequest(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Tenure</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const js = await rawRequest(server.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await rawRequest(server.port, { path: '/assets/app.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('needs no token for static files (the page reads it from its fragment)', async () => {
    const js = await rawRequest(server.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      `/${relative('/', join(dir, 'secret.txt'))}`,
      `/%2f${encodeURIComponent(join(dir, 'secret.txt'))}`,
      '/assets/link.txt',
      '/assets/app.js%00.html',
    ]) {
      const res = await rawRequest(server.port, { path });
      expect(res.body, path).not.toContain('SECRET');
      expect(res.status, path).toBe(404);
    }
  });

  it('does not list folders', async () => {
    const res = await rawRequest(server.port, { path: '/assets/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Tenure</title>');
    const withDot = await rawRequest(server.port, { path: '/assets.d' });
    expect(withDot.status).toBe(404);
  });
});

describe('loopback bridge: uploads', () => {
  it('streams an upload into its own folder in staging, under a sanitised name', async () => {
    const res = await rawRequest(server.port, {
      method: 'POST',
      path: wire.filesPath,
      headers: {
        [wire.tokenHeader]: server.token,
        [wire.fileNameHeader]: encodeURIComponent('../../étude 1.csv'),
      },
      body: 'id,churned\n1,yes\n',
    });
    expect(res.status).toBe(200);
    const result = JSON.parse(res.body) as { ok: true; value: { path: string } };
    expect(result.ok).toBe(true);
    expect(dirname(dirname(result.value.path))).toBe(stagingDir);
    expect(result.value.path.endsWith('/étude 1.csv')).toBe(true);
    expect(readFileSync(result.value.path, 'utf8')).toBe('id,churned\n1,yes\n');
  });

  it('refuses uploads over the size limit and without a file name', async () => {
    const big = await rawRequest(server.port, {
      method: 'POST',
      path: wire.filesPath,
      headers: { [wire.tokenHeader]: server.token, [wire.fileNameHeader]: 'big.csv' },
      body: 'x'.repeat(1001),
    });
    expect(big.status).toBe(413);
    const nameless = await rawRequest(server.port, {
      method: 'POST',
      path: wire.filesPath,
      headers: { [wire.tokenHeader]: server.token },
      body: 'x',
    });
    expect(nameless.status).toBe(400);
  });
});

function timeout(ms: number): Promise<string> {
  return new Promise((resolve) => setTimeout(() => resolve('timed out'), ms).unref());
}
