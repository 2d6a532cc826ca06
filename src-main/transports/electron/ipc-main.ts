import { ipc } from '@shared/bridge';
import type { AppErrorData } from '@shared/errors';
import type { CallResult, Dispatch } from '../dispatch';

/** The parts of Electron's WebFrameMain the checks read. */
export interface SenderFrameLike {
  readonly url: string;
  /** null for a window's top frame; iframes have a parent. */
  readonly parent: unknown;
}

/** The parts of Electron's WebContents the transport uses. */
export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed?(): boolean;
  once?(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcEventLike {
  /** null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: SenderFrameLike | null;
  readonly sender: SenderLike;
}

/**
 * The slice of Electron's ipcMain this transport needs. Electron's real ipcMain satisfies it; tests pass
 * a fake, so the transport runs under plain Node where Electron's binary does not exist.
 */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

export interface IpcOptions {
  /** Whether a frame at this URL is our renderer (the built index.html, or the dev server). */
  isAllowedSender(url: string): boolean;
}

const maxCallIdLength = 100;

/**
 * Connects the renderer's preload to the dispatch. Every message is checked to come from the top frame
 * of a page we loaded: a frame we did not load (an iframe, a page navigated elsewhere) gets FORBIDDEN
 * as data and nothing runs. Calls are keyed by the sending window and the page's call id, so one window
 * can only cancel its own calls; a window that goes away cancels whatever it left running.
 * Returns a function that unregisters everything (and aborts running calls).
 */
export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch, options: IpcOptions): () => void {
  const running = new Map<string, AbortController>();
  const watchedSenders = new Set<number>();

  const forbidden = (event: IpcEventLike): AppErrorData | null => {
    const frame = event.senderFrame;
    if (!frame) return { code: 'FORBIDDEN', message: 'The calling frame is gone.' };
    if (frame.parent !== null) return { code: 'FORBIDDEN', message: 'Only the top frame may call Tenure.' };
    if (!options.isAllowedSender(frame.url)) {
      return { code: 'FORBIDDEN', message: 'This page is not allowed to call Tenure.' };
    }
    return null;
  };

  const abortSenderCalls = (senderId: number) => {
    for (const [key, controller] of running) {
      if (key.startsWith(`${senderId}:`)) controller.abort();
    }
    watchedSenders.delete(senderId);
  };

  const invoke = async (event: IpcEventLike, ...args: unknown[]): Promise<CallResult> => {
    const refused = forbidden(event);
    if (refused) return { ok: false, error: refused };
    const [channel, request, callId] = args;
    if (typeof channel !== 'string' || typeof callId !== 'string' || callId.length > maxCallIdLength) {
      return {
        ok: false,
        error: { code: 'INVALID_REQUEST', message: 'A call needs a channel name and a call id.' },
      };
    }
    const sender = event.sender;
    const key = `${sender.id}:${callId}`;
    if (running.has(key)) {
      return {
        ok: false,
        error: { code: 'INVALID_REQUEST', message: `Call id ${callId} is already running.` },
      };
    }
    if (!watchedSenders.has(sender.id) && sender.once) {
      watchedSenders.add(sender.id);
      sender.once('destroyed', () => abortSenderCalls(sender.id));
    }
    const controller = new AbortController();
    running.set(key, controller);
    try {
      return await dispatch(channel, request, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (sender.isDestroyed?.()) return;
          sender.send(ipc.progress, callId, progress);
        },
      });
    } finally {
      running.delete(key);
    }
  };

  const cancel = (event: IpcEventLike, ...args: unknown[]): void => {
    if (forbidden(event)) return;
    const [callId] = args;
    if (typeof callId !== 'string') return;
    running.get(`${event.sender.id}:${callId}`)?.abort();
  };

  ipcMain.handle(ipc.invoke, invoke);
  ipcMain.on(ipc.cancel, cancel);
  return () => {
    ipcMain.removeHandler(ipc.invoke);
    ipcMain.removeListener(ipc.cancel, cancel);
    for (const controller of running.values()) controller.abort();
  };
}
