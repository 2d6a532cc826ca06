/// <reference types="vite/client" />
import type { PreloadApi } from '@shared/bridge';

declare global {
  interface Window {
    /** Present only inside Electron, where the preload script exposes it through contextBridge. */
    tenure?: PreloadApi;
  }
}
