import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { PreloadApi } from '@shared/bridge';

/**
 * The whole surface the page gets: four functions on `window.tenure`. The preload runs sandboxed, where
 * only 'electron' can be required, so it imports nothing else at runtime; the channel names are repeated
 * here rather than imported from @shared/bridge (which pulls in zod). tests/integration/electron-ipc.test.ts keeps them equal.
 */
const channels = {
  invoke: 'tenure:invoke',
  cancel: 'tenure:cancel',
  progress: 'tenure:progress',
} as const;

const api: PreloadApi = {
  invoke: (channel, request, callId) => ipcRenderer.invoke(channels.invoke, channel, request, callId),
  cancel: (callId) => ipcRenderer.send(channels.cancel, callId),
  onProgress: (listener) => {
    // The page never sees the IPC event object (it would expose ipcRenderer's sender).
    const wrapped = (_event: IpcRendererEvent, callId: unknown, progress: unknown) => {
      if (typeof callId === 'string') listener(callId, progress);
    };
    ipcRenderer.on(channels.progress, wrapped);
    return () => {
      ipcRenderer.removeListener(channels.progress, wrapped);
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('tenure', api);
