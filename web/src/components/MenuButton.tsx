// A button opening a menu of actions or links (ARIA menu button): arrows move, Escape closes, focus goes back.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from '../router.tsx';

export interface MenuItem {
  key: string;
  label: string;
  /** An in-app link (opens in a new tab on middle click), or an action. */
  to?: string;
  onSelect?(): void;
  /** A line that cannot be chosen ("No template", "Loading…"). */
  disabled?: boolean;
}

export interface MenuGroup {
  key: string;
  /** Shown above the group and naming it. */
  label?: string;
  items: MenuItem[];
}

export interface MenuButtonProps {
  /** The button's accessible name (also the menu's). */
  label: string;
  /** What the button shows; the label when absent. */
  children?: ReactNode;
  groups: MenuGroup[];
  /** Called when the menu opens (to load its items). */
  onOpen?(): void;
  className?: string;
  align?: 'start' | 'end';
}

export function MenuButton({ label, children, groups, onOpen, className, align = 'start' }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const focusFirst = useRef<'first' | 'last' | null>(null);

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  // Focus the first (or last) item once the menu is drawn, and again when its items arrive.
  useEffect(() => {
    if (!open || !focusFirst.current) return;
    const list = items();
    const target = focusFirst.current === 'last' ? list[list.length - 1] : list[0];
    if (target) {
      target.focus();
      focusFirst.current = null;
    } else menu.current?.focus();
  });

  const show = (where: 'first' | 'last') => {
    focusFirst.current = where;
    if (!open) onOpen?.();
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowDown') next = list[(at + 1) % list.length];
    else if (e.key === 'ArrowUp') next = list[(at - 1 + list.length) % list.length];
    else if (e.key === 'Home') next = list[0];
    else if (e.key === 'End') next = list[list.length - 1];
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
      return;
    } else if (e.key === 'Tab') {
      setOpen(false);
      return;
    } else return;
    e.preventDefault();
    next?.focus();
  };

  return (
    <div className={`menu-button ${className ?? ''}`} ref={root}>
      <button
        ref={button}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={children ? label : undefined}
        onClick={() => (open ? close(false) : show('first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            show(e.key === 'ArrowUp' ? 'last' : 'first');
          }
        }}
      >
        {children ?? label}
      </button>
      {open && (
        <div ref={menu} id={menuId} role="menu" aria-label={label} tabIndex={-1} className={`menu menu-${align}`} onKeyDown={onMenuKey}>
          {groups.map((g) => (
            <div key={g.key} role="group" aria-label={g.label} className="menu-group">
              {g.label && (
                <div className="menu-heading" aria-hidden="true">
                  {g.label}
                </div>
              )}
              {g.items.map((item) =>
                item.disabled ? (
                  <div key={item.key} role="menuitem" aria-disabled="true" tabIndex={-1} className="menu-item is-disabled">
                    {item.label}
                  </div>
                ) : item.to ? (
                  <Link key={item.key} to={item.to} role="menuitem" tabIndex={-1} className="menu-item" onClick={() => setOpen(false)}>
                    {item.label}
                  </Link>
                ) : (
                  <button
                    key={item.key}
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    className="menu-item"
                    onClick={() => {
                      close(true);
                      item.onSelect?.();
                    }}
                  >
                    {item.label}
                  </button>
                ),
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
