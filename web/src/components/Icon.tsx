// Small line icons drawn inline (no icon font, no dependency): decorative, so hidden from assistive technology.
// The element carrying the icon gives the accessible name.

const PATHS = {
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-6 8-6s8 2 8 6',
  group: 'M9 11.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2 20c0-3.5 3-5.5 7-5.5s7 2 7 5.5M16.5 11a2.5 2.5 0 1 0 0-5M18 14.5c2.4.4 4 1.9 4 4.5',
  role: 'M5 3h14v18H5zM12 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8.5 18c.8-1.8 2-2.8 3.5-2.8s2.7 1 3.5 2.8',
  building: 'M4 21V5l8-3 8 3v16M2 21h20M9 8h.01M15 8h.01M9 12h.01M15 12h.01M9 16h.01M15 16h.01M10 21v-3h4v3',
  shield: 'M12 3l8 3v6c0 5-3.4 8-8 9-4.6-1-8-4-8-9V6z',
  template: 'M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h5',
  mail: 'M3 5h18v14H3zM3 7l9 6 9-6',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 3',
  box: 'M4 4h16v16H4z',
  lock: 'M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4',
  unlock: 'M5 11h14v10H5zM16 11V7a4 4 0 0 0-8 0',
  edit: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  trash: 'M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  sun: 'M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4',
  moon: 'M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z',
  chevronDown: 'M6 9l6 6 6-6',
  chevronRight: 'M9 6l6 6-6 6',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4',
  columns: 'M3 4h18v16H3zM9 4v16M15 4v16',
  plus: 'M12 5v14M5 12h14',
  folder: 'M3 6h6l2 2h10v11H3z',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  close: 'M6 6l12 12M18 6L6 18',
  up: 'M12 19V5M6 11l6-6 6 6',
  down: 'M12 5v14M6 13l6 6 6-6',
  key: 'M8 19a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM11 12l9-9M17 6l2 2M14.5 8.5l2 2',
  signOut: 'M9 4H5v16h4M16 8l4 4-4 4M20 12H10',
  filter: 'M3 5h18l-7 8v6l-4 2v-8z',
  home: 'M3 11l9-7 9 7M5 10v10h5v-6h4v6h5V10',
  check: 'M5 12l5 5 9-10',
  sortAsc: 'M8 15l4-4 4 4',
  sortDesc: 'M8 10l4 4 4-4',
  menu: 'M4 6h16M4 12h16M4 18h16',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={`icon ${className ?? ''}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The icon of an object type (FusionDirectory's core and common plugin types), a neutral box otherwise. */
export function typeIcon(type: string): IconName {
  const t = type.toLowerCase();
  if (t === 'user' || t.endsWith('user') || t === 'person') return 'user';
  if (t === 'role' || (t.endsWith('role') && !t.startsWith('acl'))) return 'role';
  if (t.includes('group')) return 'group';
  if (['department', 'country', 'organization', 'locality', 'dcobject', 'domain'].includes(t) || t.includes('structure') || t.includes('entity')) return 'building';
  if (t.startsWith('acl')) return 'shield';
  if (t.includes('mail')) return 'mail';
  if (t.includes('task')) return 'clock';
  return 'box';
}
