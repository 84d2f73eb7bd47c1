// The department the object lives in (GET /departments); changing it on an existing object moves the object.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { DepartmentNode } from '../../api/contract.ts';
import { useT } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';

/** Departments in tree order with their depth. */
export function departmentTree(nodes: DepartmentNode[]): Array<DepartmentNode & { depth: number }> {
  const children = new Map<string | null, DepartmentNode[]>();
  const known = new Set(nodes.map((n) => n.dn.toLowerCase()));
  for (const n of nodes) {
    const parent = n.parent && known.has(n.parent.toLowerCase()) ? n.parent.toLowerCase() : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const out: Array<DepartmentNode & { depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const n of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ ...n, depth });
      walk(n.dn.toLowerCase(), depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: async ({ signal }) => {
      // The contract names the node shape only: accept a bare array or `{ departments: [...] }`.
      const answer = await api<DepartmentNode[] | { departments?: DepartmentNode[] }>('/departments', { signal });
      return Array.isArray(answer) ? answer : (answer.departments ?? []);
    },
    staleTime: 60_000,
  });
}

export function BaseWidget({ id, value, onChange, readOnly, required, invalid, describedBy, isNew }: WidgetProps) {
  const t = useT();
  const departments = useDepartments();
  const current = typeof value === 'string' ? value : '';
  const tree = departmentTree(departments.data ?? []);
  const shown = tree.find((d) => d.dn.toLowerCase() === current.toLowerCase());
  if (readOnly) return <input id={id} className="input" readOnly value={shown ? shown.name : current} title={current} aria-describedby={describedBy} />;
  const hintId = `${id}-move`;
  return (
    <>
      <select
        id={id}
        className="input select"
        value={shown ? shown.dn : current}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-invalid={invalid || undefined}
        aria-describedby={[describedBy, isNew ? undefined : hintId].filter(Boolean).join(' ') || undefined}
        aria-busy={departments.isLoading || undefined}
      >
        {!shown && <option value={current}>{current || t('editor.choose')}</option>}
        {tree.map((d) => (
          <option key={d.dn} value={d.dn} title={d.dn}>
            {'\u00a0\u00a0'.repeat(d.depth) + d.name}
          </option>
        ))}
      </select>
      {!isNew && (
        <span id={hintId} className="field-note">
          {t('editor.base.moves')}
        </span>
      )}
    </>
  );
}
