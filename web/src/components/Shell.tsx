// The frame of signed-in pages: header (product, language, theme, user, sign out), skip link, the menu from the
// session, and the "sign in again" dialog when the session expires.
import { useEffect, useState, type ReactNode } from 'react';
import type { MenuEntry } from '../api/contract.ts';
import { Link, matchPath, mayLeave, navigate, paths, useLocation } from '../router.tsx';
import { useSession, useSignedIn } from '../session.tsx';
import { useT } from '../i18n/index.tsx';
import { Icon } from './Icon.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import { SessionExpiredDialog } from './SessionExpiredDialog.tsx';
import { PasswordWarningBanner } from './PasswordWarningBanner.tsx';
import './ui.css';

/** Where a menu entry leads. */
export function menuEntryPath(entry: MenuEntry): string {
  if (entry.kind === 'list') return paths.list(entry.id);
  if (entry.kind === 'account') return paths.account();
  if (entry.kind === 'page') return `/${entry.id}`;
  return paths.object(entry.id, entry.dn ?? '');
}

function isCurrent(entry: MenuEntry, path: string): boolean {
  if (entry.kind === 'list') return path === paths.list(entry.id);
  if (entry.kind === 'account') return path === paths.account();
  if (entry.kind === 'page') return path === `/${entry.id}`;
  const m = matchPath('/objects/:type/:dn', path);
  return !!m && m.type === entry.id && (m.dn ?? '').toLowerCase() === (entry.dn ?? '').toLowerCase();
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const session = useSignedIn();
  const { signOut, refresh } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);

  // On narrow screens the menu is a drawer: close it once the user went somewhere.
  useEffect(() => setMenuOpen(false), [path]);

  const leave = async () => {
    if (!mayLeave()) return;
    await signOut();
    navigate(paths.login(), { replace: true });
  };

  return (
    <div className="shell">
      <a
        href="#main"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('shell.skipToContent')}
      </a>
      <header className="shell-header">
        <button
          type="button"
          className="icon-button shell-menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="shell-nav"
          aria-label={t('shell.menu')}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <Icon name="menu" size={18} />
        </button>
        <Link to="/" className="shell-brand">
          <Icon name="key" size={20} />
          <span>{t('common.product')}</span>
        </Link>
        <div className="shell-tools">
          <LanguageSelect onChange={() => void refresh().catch(() => undefined)} />
          <ThemeToggle />
          <span className="shell-user" title={`${session.user.uid} — ${session.directory}`}>
            <Icon name="user" />
            <span className="visually-hidden">{t('shell.signedInUser')} </span>
            {session.user.name}
          </span>
          <button type="button" className="button quiet" onClick={() => void leave()}>
            <Icon name="signOut" />
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <div className="shell-body">
        <nav id="shell-nav" className={`shell-nav ${menuOpen ? 'is-open' : ''}`} aria-label={t('shell.menu')}>
          {session.menu.map((section) => (
            <div key={section.id} className="shell-nav-section">
              <h2 id={`menu-${section.id}`}>{section.label}</h2>
              <ul aria-labelledby={`menu-${section.id}`}>
                {section.entries.map((entry) => {
                  const current = isCurrent(entry, path);
                  return (
                    <li key={`${entry.kind}:${entry.id}:${entry.dn ?? ''}`}>
                      <Link to={menuEntryPath(entry)} aria-current={current ? 'page' : undefined} className={current ? 'is-current' : undefined}>
                        {entry.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" tabIndex={-1} className="shell-main">
          <PasswordWarningBanner />
          {children}
        </main>
      </div>
      <SessionExpiredDialog />
    </div>
  );
}
