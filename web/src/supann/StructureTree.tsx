// The organisation chart as a tree view (WAI-ARIA tree pattern, flat): the same forest as the drawing, for the keyboard and
// screen readers. One item in the tab order; arrows move, Right/Left open and close, Home/End jump, Enter opens the
// structure's editor. Items matching the search are marked and their branches opened.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useT } from '../i18n/index.tsx';
import { Link, navigate, paths } from '../router.tsx';
import type { ChartLayout, ChartNode } from './chartLayout.ts';

export interface StructureTreeProps {
  layout: ChartLayout;
  /** Ids of the open items. */
  expanded: ReadonlySet<string>;
  onExpandedChange(next: Set<string>): void;
  /** Ids of the items the search matches. */
  matches: ReadonlySet<string>;
  /** The item in the tab order. */
  focusId: string | null;
  onFocusChange(id: string): void;
  labelledBy: string;
}

/** Where a structure's editor is (null for an entry of no registered type). */
export function editorPath(node: ChartNode): string | null {
  return node.structure.type ? paths.object(node.structure.type, node.structure.dn) : null;
}

/** The items shown, in order: the roots and the children of open items. */
function visibleItems(layout: ChartLayout, expanded: ReadonlySet<string>): ChartNode[] {
  const out: ChartNode[] = [];
  const walk = (n: ChartNode) => {
    out.push(n);
    if (expanded.has(n.id)) for (const c of n.children) walk(c);
  };
  for (const r of layout.roots) walk(r);
  return out;
}

export function StructureTree({ layout, expanded, onExpandedChange, matches, focusId, onFocusChange, labelledBy }: StructureTreeProps) {
  const t = useT();
  const items = useRef(new Map<string, HTMLLIElement>());
  const indexOf = new Map(layout.nodes.map((n, i) => [n.id, i]));
  const focusable = focusId !== null && indexOf.has(focusId) ? focusId : (layout.roots[0]?.id ?? null);
  const moved = useRef(false);

  useEffect(() => {
    if (!moved.current || focusable === null) return;
    moved.current = false;
    items.current.get(focusable)?.focus();
  }, [focusable]);

  const move = (id: string) => {
    moved.current = true;
    onFocusChange(id);
  };
  const toggle = (node: ChartNode, open: boolean) => {
    const next = new Set(expanded);
    if (open) next.add(node.id);
    else next.delete(node.id);
    onExpandedChange(next);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const id = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]')?.dataset.id;
    const node = id ? layout.nodes[indexOf.get(id) ?? -1] : undefined;
    if (!node) return;
    const shown = visibleItems(layout, expanded);
    const at = shown.indexOf(node);
    const open = expanded.has(node.id);
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        if (at < shown.length - 1) move(shown[at + 1]!.id);
        break;
      case 'ArrowUp':
        if (at > 0) move(shown[at - 1]!.id);
        break;
      case 'ArrowRight':
        if (node.children.length > 0 && !open) toggle(node, true);
        else if (open) move(node.children[0]!.id);
        break;
      case 'ArrowLeft':
        if (open) toggle(node, false);
        else if (node.parent) move(node.parent.id);
        break;
      case 'Home':
        if (shown[0]) move(shown[0].id);
        break;
      case 'End':
        if (shown.length > 0) move(shown[shown.length - 1]!.id);
        break;
      case 'Enter': {
        const to = editorPath(node);
        if (to) navigate(to);
        break;
      }
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  // A flat tree (WAI-ARIA allows it: levels, sizes and positions say the hierarchy): each item's name is its own line
  // only, with no nested group's text in it.
  const item = (node: ChartNode) => {
    const open = expanded.has(node.id);
    const to = editorPath(node);
    const s = node.structure;
    const siblings = node.parent ? node.parent.children : layout.roots;
    return (
      <li
        key={node.id}
        ref={(el) => {
          if (el) items.current.set(node.id, el);
          else items.current.delete(node.id);
        }}
        role="treeitem"
        data-id={node.id}
        aria-level={node.depth + 1}
        aria-setsize={siblings.length}
        aria-posinset={siblings.indexOf(node) + 1}
        aria-expanded={node.children.length > 0 ? open : undefined}
        tabIndex={node.id === focusable ? 0 : -1}
        className={`org-tree-item ${matches.has(node.id) ? 'is-match' : ''}`}
        style={{ paddingLeft: `${node.depth * 1.4}rem` }}
        onFocus={(e) => {
          if (e.target === e.currentTarget && node.id !== focusId) onFocusChange(node.id);
        }}
      >
        <div className="org-tree-row">
          {node.children.length > 0 ? (
            <span
              className={`org-tree-toggle ${open ? 'is-open' : ''}`}
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation();
                toggle(node, !open);
              }}
            />
          ) : (
            <span className="org-tree-toggle is-leaf" aria-hidden="true" />
          )}
          <span className="org-tree-label">
            {to ? (
              <Link to={to} tabIndex={-1}>
                {s.name}
              </Link>
            ) : (
              s.name
            )}
          </span>
          <span className="org-tree-detail">
            <code>{s.code}</code>
            <span className="muted">{t(s.type === 'etablissement' ? 'supann.chart.establishment' : 'supann.chart.entity')}</span>
            <span className="org-badge">{t('supann.chart.members', { count: s.members })}</span>
            {node.problem && <span className="org-tree-problem">{t('supann.chart.hasProblem')}</span>}
          </span>
        </div>
      </li>
    );
  };

  return (
    <ul role="tree" aria-labelledby={labelledBy} className="org-tree" onKeyDown={onKeyDown}>
      {visibleItems(layout, expanded).map(item)}
    </ul>
  );
}
