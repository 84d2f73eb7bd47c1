// The department being browsed: a breadcrumb from the directory base (each part leads there) and a tree picker.
import { useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { DepartmentNode } from '../api/contract.ts';
import { useT } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Icon, typeIcon } from '../components/Icon.tsx';
import { dnChain, normalizeDn, rdnValue } from './format.ts';

export interface DepartmentTree {
  byDn: Map<string, DepartmentNode>;
  children: Map<string, DepartmentNode[]>;
  roots: DepartmentNode[];
}

function buildTree(nodes: DepartmentNode[]): DepartmentTree {
  const byDn = new Map(nodes.map((n) => [normalizeDn(n.dn), n]));
  const children = new Map<string, DepartmentNode[]>();
  const roots: DepartmentNode[] = [];
  for (const n of nodes) {
    const parent = n.parent ? normalizeDn(n.parent) : null;
    if (parent && byDn.has(parent)) {
      const list = children.get(parent) ?? [];
      list.push(n);
      children.set(parent, list);
    } else roots.push(n);
  }
  const byName = (a: DepartmentNode, b: DepartmentNode) => a.name.localeCompare(b.name);
  for (const list of children.values()) list.sort(byName);
  roots.sort(byName);
  return { byDn, children, roots };
}

/**
 * The department tree (cached); with a list id, the departments where the user has rights for that list's types and
 * those above them (FusionDirectory's "module departments").
 */
export function useDepartments(list?: string) {
  const query = useQuery({
    queryKey: ['departments', list ?? ''],
    // The contract names the node type only: accept the bare list and the `{ departments }` wrapper the server sends.
    queryFn: async ({ signal }) => {
      const answer = await api<DepartmentNode[] | { departments: DepartmentNode[] }>(list ? `/departments?list=${encodeURIComponent(list)}` : '/departments', { signal });
      return Array.isArray(answer) ? answer : answer.departments;
    },
    staleTime: 60_000,
  });
  const tree = useMemo(() => (query.data ? buildTree(query.data) : null), [query.data]);
  return { ...query, tree };
}

/** The departments from the top down to `dn` (from the tree when it knows it, else from the DN itself). */
function pathTo(dn: string, root: string, tree: DepartmentTree | null): Array<{ dn: string; name: string }> {
  if (tree) {
    const chain: DepartmentNode[] = [];
    let node = tree.byDn.get(normalizeDn(dn));
    const seen = new Set<string>();
    while (node && !seen.has(node.dn)) {
      seen.add(node.dn);
      chain.unshift(node);
      node = node.parent ? tree.byDn.get(normalizeDn(node.parent)) : undefined;
    }
    if (chain.length) return chain.map((n) => ({ dn: n.dn, name: n.name }));
  }
  return dnChain(dn, root).map((d) => ({ dn: d, name: rdnValue(d) }));
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

function PickerTree({
  nodes,
  tree,
  level,
  current,
  expanded,
  onToggle,
  onChoose,
}: {
  nodes: DepartmentNode[];
  tree: DepartmentTree;
  level: number;
  current: string;
  expanded: Set<string>;
  onToggle(dn: string): void;
  onChoose(dn: string): void;
}) {
  const t = useT();
  return (
    <ul className={level === 0 ? 'tree' : 'tree-children'}>
      {nodes.map((n) => {
        const key = normalizeDn(n.dn);
        const kids = tree.children.get(key) ?? [];
        const open = expanded.has(key);
        const isCurrent = key === current;
        return (
          <li key={n.dn}>
            <div className="tree-row">
              {kids.length > 0 ? (
                <button
                  type="button"
                  className="icon-button tree-toggle"
                  aria-expanded={open}
                  aria-label={t(open ? 'lists.collapse' : 'lists.expand', { name: n.name })}
                  onClick={() => onToggle(key)}
                >
                  <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
                </button>
              ) : (
                <span className="tree-spacer" />
              )}
              <button type="button" className={`tree-choose ${isCurrent ? 'is-current' : ''}`} aria-current={isCurrent ? 'true' : undefined} onClick={() => onChoose(n.dn)}>
                <Icon name={typeIcon(n.type)} size={14} />
                <span>{n.name}</span>
                {n.description && n.description !== n.name && <span className="muted tree-description">{n.description}</span>}
              </button>
            </div>
            {open && kids.length > 0 && <PickerTree nodes={kids} tree={tree} level={level + 1} current={current} expanded={expanded} onToggle={onToggle} onChoose={onChoose} />}
          </li>
        );
      })}
    </ul>
  );
}

function BasePickerDialog({ base, root, list, onChoose, onClose }: { base: string; root: string; list: string | undefined; onChoose(dn: string): void; onClose(): void }) {
  const t = useT();
  const departments = useDepartments(list);
  const { tree } = departments;
  const current = normalizeDn(base);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(dnChain(base, root).map(normalizeDn)));
  // The tree arrives after the dialog opened: open the way down to the current department.
  const [seeded, setSeeded] = useState(false);
  if (tree && !seeded) {
    setSeeded(true);
    setExpanded(new Set([...expanded, ...pathTo(base, root, tree).map((p) => normalizeDn(p.dn)), ...tree.roots.map((r) => normalizeDn(r.dn))]));
  }

  const matches = useMemo(() => {
    const s = fold(search.trim());
    if (!s || !tree) return null;
    const out: DepartmentNode[] = [];
    for (const n of tree.byDn.values()) {
      if (fold(n.name).includes(s) || (n.description && fold(n.description).includes(s))) out.push(n);
      if (out.length >= 200) break;
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }, [search, tree]);

  return (
    <Dialog
      open
      title={t('lists.chooseBase')}
      onClose={onClose}
      className="dialog-wide"
      actions={
        <button type="button" className="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      }
    >
      <div className="form-field">
        <input type="search" aria-label={t('lists.searchDepartments')} placeholder={t('lists.searchDepartments')} value={search} onChange={(e) => setSearch(e.target.value)} autoFocus />
      </div>
      {departments.isError && <ErrorMessage error={departments.error} />}
      {departments.isPending && <p className="muted">{t('common.loading')}</p>}
      {tree && matches && (
        <>
          <p className="muted" role="status">
            {matches.length ? t('lists.departmentMatches', { count: matches.length }) : t('lists.noDepartment')}
          </p>
          <ul className="tree tree-flat">
            {matches.map((n) => (
              <li key={n.dn}>
                <button type="button" className={`tree-choose ${normalizeDn(n.dn) === current ? 'is-current' : ''}`} onClick={() => onChoose(n.dn)}>
                  <Icon name={typeIcon(n.type)} size={14} />
                  <span>{n.name}</span>
                  <span className="muted tree-description">
                    {pathTo(n.dn, root, tree)
                      .slice(0, -1)
                      .map((p) => p.name)
                      .join(' › ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {tree && !matches && (
        <PickerTree
          nodes={tree.roots}
          tree={tree}
          level={0}
          current={current}
          expanded={expanded}
          onToggle={(dn) => {
            const next = new Set(expanded);
            if (next.has(dn)) next.delete(dn);
            else next.add(dn);
            setExpanded(next);
          }}
          onChoose={onChoose}
        />
      )}
    </Dialog>
  );
}

export interface DepartmentBarProps {
  /** The department browsed. */
  base: string;
  /** The directory's base DN. */
  root: string;
  /** The management list's id: the picker offers the departments where the user has rights for it. */
  list?: string;
  /** The list's URL with another base. */
  hrefFor(dn: string): string;
  onChoose(dn: string): void;
}

export function DepartmentBar({ base, root, list, hrefFor, onChoose }: DepartmentBarProps) {
  const t = useT();
  const { tree } = useDepartments(list);
  const [picking, setPicking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const stopPicking = () => {
    setPicking(false);
    requestAnimationFrame(() => button.current?.focus());
  };
  const parts = pathTo(base, root, tree);
  return (
    <div className="department-bar">
      <nav aria-label={t('lists.breadcrumb')} className="breadcrumb">
        <ol>
          {parts.map((p, i) => (
            <li key={p.dn}>
              {i === parts.length - 1 ? (
                <span aria-current="location" title={p.dn}>
                  {i === 0 && <Icon name="home" size={14} />}
                  {p.name}
                </span>
              ) : (
                <Link to={hrefFor(p.dn)} replace title={p.dn}>
                  {i === 0 && <Icon name="home" size={14} />}
                  {p.name}
                </Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <button ref={button} type="button" className="button small" onClick={() => setPicking(true)}>
        <Icon name="folder" />
        {t('lists.chooseBaseButton')}
      </button>
      {picking && (
        <BasePickerDialog
          base={base}
          root={root}
          list={list}
          onClose={stopPicking}
          onChoose={(dn) => {
            stopPicking();
            onChoose(dn);
          }}
        />
      )}
    </div>
  );
}
