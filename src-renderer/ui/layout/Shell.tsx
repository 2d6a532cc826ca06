import type { ReactNode } from 'react';
import './shell.css';

/**
 * The desktop-tool frame: brand and navigation on the left, the project bar on top, the work area,
 * and a status line at the bottom.
 */
export function Shell({
  sidebar,
  topBar,
  statusBar,
  children,
}: {
  sidebar: ReactNode;
  topBar: ReactNode;
  statusBar: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell-brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Tenure</span>
      </div>
      <header className="shell-top">{topBar}</header>
      <aside className="shell-side">{sidebar}</aside>
      <main className="shell-main" id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="shell-status">{statusBar}</footer>
    </div>
  );
}

/** A page inside the work area: title row with actions, then content. */
export function Page({
  title,
  subtitle,
  actions,
  children,
  wide = false,
  fill = false,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  wide?: boolean;
  /** Exactly the height of the work area, for content that scrolls inside itself (big tables). */
  fill?: boolean;
}) {
  const className = ['page', wide && 'page-wide', fill && 'page-fill'].filter(Boolean).join(' ');
  return (
    <section className={className} aria-labelledby="page-title">
      <div className="page-header">
        <div className="page-heading">
          <h1 id="page-title">{title}</h1>
          {subtitle && <div className="page-subtitle">{subtitle}</div>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
