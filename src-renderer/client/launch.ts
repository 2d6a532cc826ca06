import { bridge } from '@shared/bridge';

/**
 * What the page was opened with. Browser mode prints a URL like
 * `http://127.0.0.1:PORT/#token=…&project=/path/to/p.tenure`: the fragment never reaches a server,
 * so the token is not in any log. We keep the token in sessionStorage (it survives a reload of this tab,
 * not a new tab) and take the fragment out of the address bar so it is not copied or bookmarked.
 */
export interface LaunchParams {
  token: string | null;
  /** A project to open right away. */
  project: string | null;
}

const tokenKey = 'tenure.token';
const projectKey = 'tenure.project';

let launch: LaunchParams | null = null;

export function launchParams(): LaunchParams {
  if (launch) return launch;
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const tokenFromUrl = fragment.get(bridge.tokenFragmentKey);
  const projectFromUrl = fragment.get('project');
  if (tokenFromUrl) sessionStorage.setItem(tokenKey, tokenFromUrl);
  if (window.location.hash) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  launch = {
    token: tokenFromUrl ?? sessionStorage.getItem(tokenKey),
    project: projectFromUrl ?? sessionStorage.getItem(projectKey),
  };
  return launch;
}

/** Remembers the open project for this tab, so a reload comes back to it. */
export function rememberOpenProject(path: string | null): void {
  if (path) sessionStorage.setItem(projectKey, path);
  else sessionStorage.removeItem(projectKey);
}
