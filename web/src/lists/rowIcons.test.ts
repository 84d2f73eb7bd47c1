// The icons of rows (masks in lists.css) draw exactly what components/Icon.tsx draws, for every icon a row can show.
import { readFileSync } from 'node:fs';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { Icon, typeIcon, type IconName } from '../components/Icon.tsx';

const css = readFileSync(new URL('./lists.css', import.meta.url), 'utf8');

/** The path each `.row-icon-<name>` rule draws. */
const drawn = new Map([...css.matchAll(/\.row-icon-(\w+) \{ --row-icon: url\("data:image\/svg\+xml,[^"]*%3Cpath d='([^']*)'/g)].map((m) => [m[1]!, m[2]!]));

function iconPath(name: IconName): string {
  const svg = Icon({ name }) as ReactElement<{ children: ReactElement<{ d: string }> }>;
  return svg.props.children.props.d;
}

describe('icons of rows', () => {
  it('draw the same paths as the Icon component', () => {
    expect(drawn.size).toBeGreaterThan(0);
    for (const [name, d] of drawn) expect(d, name).toBe(iconPath(name as IconName));
  });

  it('exist for every type icon and every row action', () => {
    const types = ['user', 'person', 'role', 'group', 'department', 'aclRole', 'mailAccount', 'task', 'anything'].map(typeIcon);
    for (const name of [...types, 'template', 'edit', 'copy', 'trash', 'lock', 'unlock']) expect(drawn.has(name), name).toBe(true);
  });
});
