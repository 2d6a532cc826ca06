import type { PreloadApi } from '@shared/bridge';
import type { CallOptions, ChannelName, Transport } from '@shared/contract';
import { cancelledError, unwrapCallResult } from './call-result';

/**
 * Electron: calls go through the preload's `window.tenure`. Each call gets an id so its progress events
 * can be told apart from other calls' and so it can be cancelled.
 */
export function ipcTransport(api: PreloadApi): Transport {
  return async (name: ChannelName, request: unknown, options: CallOptions) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw cancelledError();
    const callId = newCallId();
    const unsubscribe = onProgress
      ? api.onProgress((id, progress) => {
          if (id === callId) onProgress(progress);
        })
      : undefined;
    const cancel = () => api.cancel(callId);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      // The main process answers a cancelled call with a CANCELLED error, so the result is unwrapped
      // as usual; it never rejects for application errors.
      return unwrapCallResult(await api.invoke(name, request ?? {}, callId), name);
    } finally {
      signal?.removeEventListener('abort', cancel);
      unsubscribe?.();
    }
  };
}

function newCallId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
