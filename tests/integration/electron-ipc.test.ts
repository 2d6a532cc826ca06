import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipc } from '@shared/bridge';
import {
  registerIpc,
  type IpcEventLike,
  type IpcMainLike,
  type SenderFrameLike,
} from '../../src-main/transports/electron/ipc-main';
import { fakeDispatch } from './fake-handlers';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** Just enough of ipcMain and webContents to drive the transport the way Electron does. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Listener>();
  listeners = new Map<string, Listener[]>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  removeListener(channel: string, listener: Listener) {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
  }
  invoke(event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(ipc.invoke);
    if (!handler) throw new Error('no invoke handler');
    return Promise.resolve(handler(event, ...args));
  }
  send(channel: string, event: IpcEventLike, ...args: unknown[]) {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

class FakeSender {
  sent: { channel: string; args: unknown[] }[] = [];
  private destroyedListeners: (() => void)[] = [];
  destroyed = false;
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  isDestroyed() {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void) {
    this.destroyedListeners.push(listener);
  }
  destroy() {
    this.destroyed = true;
    for (const listener of this.destroyedListeners) listener();
  }
}

const appUrl = 'file:///opt/tenure/out/renderer/index.html';
const topFrame = (url = appUrl): SenderFrameLike => ({ url, parent: null });
const event = (sender: FakeSender, frame: SenderFrameLike | null = topFrame()): IpcEventLike => ({
  sender,
  senderFrame: frame,
});

function setup() {
  const ipcMain = new FakeIpcMain();
  const { dispatch, probe } = fakeDispatch();
  const unregister = registerIpc(ipcMain, dispatch, { isAllowedSender: (url) => url === appUrl });
  return { ipcMain, probe, unregister };
}

const slowImport = { project: '/p.tenure', path: '/f.csv', kind: 'customers', mapping: { id: 'id' } };

describe('Electron IPC transport (fake ipcMain)', () => {
  it('runs a call from the app page and answers a CallResult', async () => {
    const { ipcMain } = setup();
    const result = await ipcMain.invoke(
      event(new FakeSender(1)),
      'project.create',
      { path: '/a.tenure' },
      'c1',
    );
    expect(result).toMatchObject({ ok: true, value: { path: '/a.tenure', name: 'Untitled' } });
  });

  it('validates the payload in the main process', async () => {
    const { ipcMain, probe } = setup();
    const result = await ipcMain.invoke(event(new FakeSender(1)), 'project.create', { path: 7 }, 'c1');
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(probe.received).toEqual([]);
  });

  it('refuses a page at another URL, a subframe and a vanished frame, without running anything', async () => {
    const { ipcMain, probe } = setup();
    const sender = new FakeSender(1);
    const cases: [string, SenderFrameLike | null][] = [
      ['other page', topFrame('https://evil.example/')],
      ['file elsewhere', topFrame('file:///tmp/evil.html')],
      ['subframe', { url: appUrl, parent: { url: appUrl } }],
      ['no frame', null],
    ];
    for (const [label, frame] of cases) {
      const result = await ipcMain.invoke(event(sender, frame), 'app.info', {}, 'c1');
      expect(result, label).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(probe.received).toEqual([]);
  });

  it('forwards progress to the calling window under the call id', async () => {
    const { ipcMain } = setup();
    const sender = new FakeSender(1);
    const result = await ipcMain.invoke(
      event(sender),
      'import.run',
      { ...slowImport, dryRun: true },
      'job-7',
    );
    expect(result).toMatchObject({ ok: true, value: { imported: 2 } });
    expect(sender.sent).toEqual([
      {
        channel: ipc.progress,
        args: ['job-7', { phase: 'read', label: 'Reading', done: 1, total: 4, unit: 'rows' }],
      },
      {
        channel: ipc.progress,
        args: ['job-7', { phase: 'read', label: 'Reading', done: 2, total: 4, unit: 'rows' }],
      },
    ]);
  });

  it('cancels a running call on ipc.cancel from the same window, not from another', async () => {
    const { ipcMain, probe } = setup();
    const sender = new FakeSender(1);
    const pending = ipcMain.invoke(event(sender), 'import.run', slowImport, 'job-1');
    await tick();
    ipcMain.send(ipc.cancel, event(new FakeSender(2)), 'job-1');
    ipcMain.send(ipc.cancel, event(sender, topFrame('https://evil.example/')), 'job-1');
    await tick();
    let settled = false;
    void pending.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    ipcMain.send(ipc.cancel, event(sender), 'job-1');
    await probe.importAborted;
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('cancels what a window left running when it is destroyed', async () => {
    const { ipcMain, probe } = setup();
    const sender = new FakeSender(3);
    const pending = ipcMain.invoke(event(sender), 'import.run', slowImport, 'job-2');
    await tick();
    sender.destroy();
    await probe.importAborted;
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('needs a channel name and a call id', async () => {
    const { ipcMain } = setup();
    const result = await ipcMain.invoke(event(new FakeSender(1)), 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('unregisters its handler and listener', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listeners.get(ipc.cancel)).toEqual([]);
  });
});

describe('preload script', () => {
  const source = readFileSync(
    join(import.meta.dirname, '../../src-main/transports/electron/preload.ts'),
    'utf8',
  );

  it("imports nothing at runtime but 'electron' (it runs sandboxed)", () => {
    const runtimeImports = [...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map(
      (m) => m[1],
    );
    expect(runtimeImports).toEqual(['electron']);
  });

  it('uses the same IPC channel names as the main side', () => {
    for (const name of Object.values(ipc)) expect(source).toContain(`'${name}'`);
  });
});

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
