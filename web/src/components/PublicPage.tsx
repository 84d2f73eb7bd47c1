// The scaffolding of the signed-out pages (sign-in, password recovery, account prolongation): the language and theme
// switches above a card with the product's name, headings that take the focus when the page's state changes, the
// card's form (title, intro, fields, error, submit button) and the links under it.
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useT } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { Icon } from './Icon.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import './ui.css';
import './publicPage.css';

/** The page around the card: the language and theme switches, then the card centred. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="signin">
      <div className="signin-tools">
        <LanguageSelect />
        <ThemeToggle />
      </div>
      <div className="signin-main">{children}</div>
    </main>
  );
}

/** The product's name at the top of the card. */
export function CardBrand() {
  const t = useT();
  return (
    <div className="signin-brand">
      <Icon name="key" size={28} />
      <span>{t('common.product')}</span>
    </div>
  );
}

/** A signed-out page: its card, named by the heading `labelledBy`. */
export function PublicCard({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <PublicLayout>
      <section className="signin-card" aria-labelledby={labelledBy}>
        <CardBrand />
        {children}
      </section>
    </PublicLayout>
  );
}

/** A card saying what the page is waiting for (the check of a link…). */
export function WaitingCard({ titleId, title, status }: { titleId: string; title: string; status: string }) {
  return (
    <PublicCard labelledBy={titleId}>
      <h1 id={titleId}>{title}</h1>
      <p role="status">{status}</p>
    </PublicCard>
  );
}

/** A heading that takes the focus when it appears, so a screen reader reads the new state of the page. */
export function FocusedHeading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** A link under the card's content ("Back to sign-in"…). */
export function AsideLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p className="signin-aside">
      <Link to={to}>{children}</Link>
    </p>
  );
}

/** The choice of a directory, on servers with several. */
export function DirectoryField({ id, label, value, directories, onChange }: { id: string; label: string; value: string | undefined; directories: string[]; onChange: (directory: string) => void }) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name="directory" value={value} onChange={(e) => onChange(e.target.value)}>
        {directories.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The window's title while the page shows: `<title> · <product>`. */
export function usePageTitle(title: string): void {
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t('common.product')}`;
  }, [title, t]);
}

export interface PublicFormProps {
  /** The id of the heading, which names the form and the card. */
  titleId: string;
  title: ReactNode;
  /** The muted text under the title. */
  intro: ReactNode;
  /** The class of the intro besides `muted` (the page's spacing). */
  introClassName: string;
  /** The fields, between the intro and the error. */
  children: ReactNode;
  /** The error shown above the button (an ErrorMessage), if any. */
  error?: ReactNode;
  busy: boolean;
  /** The button's text, and its text while the form is sent. */
  submitLabel: string;
  busyLabel: string;
  onSubmit: (e: FormEvent) => Promise<void>;
}

/** The form of a signed-out card; the browser's validation is off, the page checks and says what is wrong. */
export function PublicForm({ titleId, title, intro, introClassName, children, error, busy, submitLabel, busyLabel, onSubmit }: PublicFormProps) {
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby={titleId}>
      <h1 id={titleId}>{title}</h1>
      <p className={`muted ${introClassName}`}>{intro}</p>
      {children}
      {error}
      <button type="submit" className="button primary signin-submit" aria-disabled={busy || undefined}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}
