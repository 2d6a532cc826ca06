import { resolve } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, session, type MenuItemConstructorOptions } from 'electron';
import { createServices, type Services } from '../services';
import { createDispatch } from '../transports/dispatch';
import { registerIpc } from '../transports/electron/ipc-main';
import { contentSecurityPolicy, developmentContentSecurityPolicy } from './content-security-policy';
import { createEnvironment } from './create-environment';
import { appPaths } from './paths';
import { rendererPolicy } from './renderer-policy';

/**
 * The Electron main process: one window on the built renderer, the services in this process (heavy work
 * in their worker threads), IPC as the transport. With this file and transports/electron, nothing else
 * imports 'electron'.
 *
 * better-sqlite3 is a native module built for Node's ABI; Electron needs a build for its own ABI.
 * scripts/start.mjs prepares one and passes its path in TENURE_SQLITE_BINDING, which the store hands to
 * better-sqlite3 as `nativeBinding`. (That path only runs where Electron's binary exists.)
 */
const paths = appPaths();
// Set by `electron-vite dev` only; a built app never loads anything but its own files.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const policy = rendererPolicy({ rendererDir: paths.rendererDir, devServerUrl });

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Two processes writing the same project files and recent list would race; the first one wins.
  app.quit();
} else {
  start();
}

function start(): void {
  let services: Services | null = null;
  let window: BrowserWindow | null = null;

  if (!process.env.TENURE_SQLITE_BINDING) {
    console.warn(
      'tenure: TENURE_SQLITE_BINDING is not set; better-sqlite3 will load its Node build, which Electron ' +
        'cannot use. Start Tenure with `npm start`, which prepares an Electron build of it.',
    );
  }

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // Every web contents (the window, devtools, anything a bug might create) gets the same rules.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    // The app makes no network request: anything that is not its own files (or the dev server) is cancelled.
    ses.webRequest.onBeforeRequest((details, callback) =>
      callback({ cancel: !policy.isAllowedRequest(details.url) }),
    );
    // file:// pages get their CSP from the <meta> in index.html; responses with headers (the dev server)
    // get it here as well.
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [
            devServerUrl ? developmentContentSecurityPolicy : contentSecurityPolicy,
          ],
          'X-Content-Type-Options': ['nosniff'],
        },
      });
    });

    const environment = createEnvironment('electron');
    services = createServices(environment);
    registerIpc(ipcMain, createDispatch(services.handlers), { isAllowedSender: policy.isAllowedSender });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(Boolean(devServerUrl))));
    window = createWindow(projectFromArgs(process.argv));
    window.on('closed', () => (window = null));
  });

  app.on('window-all-closed', () => app.quit());

  // Let a running import roll back and close project files cleanly before the process ends.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !services) return;
    event.preventDefault();
    services
      .close()
      .catch((error: unknown) => console.error('tenure: closing failed:', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

function createWindow(project: string | undefined): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Tenure',
    show: false,
    webPreferences: {
      preload: paths.preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The page reads the project to open from its fragment, as in browser mode.
  const hash = project ? `project=${encodeURIComponent(project)}` : '';
  if (devServerUrl) void window.loadURL(hash ? `${devServerUrl}#${hash}` : devServerUrl);
  else void window.loadFile(resolve(paths.rendererDir, 'index.html'), hash ? { hash } : {});
  return window;
}

/** `electron . --project FILE` (npm start -- --project FILE) opens that project. */
function projectFromArgs(argv: string[]): string | undefined {
  const index = argv.indexOf('--project');
  const value = index >= 0 ? argv[index + 1] : undefined;
  return value ? resolve(value) : undefined;
}

function menuTemplate(dev: boolean): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = dev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    // New/Open project live on the start screen of the renderer; the menu keeps to what the OS expects.
    { label: 'File', submenu: [process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...view,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
