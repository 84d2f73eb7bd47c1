// The object editor page: loads the type's description and the object (or a new one, possibly from a template,
// whose asked fields come first), then hands them to ObjectEditor.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ObjectView, TemplateFieldsAnswer, TypeDescription, UiAttribute, UiTab } from '../api/contract.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/index.tsx';
import { useLocation } from '../router.tsx';
import { ObjectEditor } from './ObjectEditor.tsx';
import './editor.css';

export interface EditorPageProps {
  type: string;
  /** null: a new object (`base`, `template`, `asTemplate`, `copyOf` from the query string). */
  dn: string | null;
  /** Tabs to show (My account: `selfModify` ones). */
  tabFilter?(tab: UiTab): boolean;
  attributeFilter?(tab: UiTab, attribute: UiAttribute): boolean;
  variant?: 'object' | 'account';
}

export function EditorPage({ type, dn, tabFilter, attributeFilter, variant = 'object' }: EditorPageProps) {
  const t = useT();
  const queries = useQueryClient();
  const { query } = useLocation();
  const base = dn === null ? (query.get('base') ?? undefined) : undefined;
  const template = dn === null ? (query.get('template') ?? undefined) : undefined;
  const asTemplate = dn === null && query.get('asTemplate') === '1';
  // A copy of an existing object (FusionDirectory's copy & paste): the server prefills the new object.
  const copyOf = dn === null ? (query.get('copyOf') ?? undefined) : undefined;

  const description = useQuery({
    queryKey: ['type', type],
    queryFn: ({ signal }) => api<TypeDescription>(`/types/${encodeURIComponent(type)}`, { signal }),
    staleTime: 5 * 60_000,
  });
  const objectKey = ['object', type, dn, base ?? null, template ?? null, asTemplate, copyOf ?? null];
  const object = useQuery({
    queryKey: objectKey,
    queryFn: ({ signal }) =>
      dn !== null
        ? api<ObjectView>(`/objects/${encodeURIComponent(type)}/${encodeURIComponent(dn)}`, { signal })
        : api<ObjectView>(`/objects/${encodeURIComponent(type)}`, { signal, query: { new: '1', base, template, asTemplate: asTemplate ? '1' : undefined, copyOf } }),
    // The editor decides when the object is read again (after a save, on discard): no refetch behind its back.
    staleTime: Infinity,
    gcTime: 0,
    structuralSharing: false,
  });
  const fields = useQuery({
    queryKey: ['templateFields', type, template ?? null],
    queryFn: ({ signal }) => api<TemplateFieldsAnswer>(`/templates/${encodeURIComponent(type)}/fields`, { signal, query: { template } }),
    enabled: template !== undefined,
    staleTime: Infinity,
  });

  const failed = description.error ?? object.error ?? (template !== undefined ? fields.error : null);
  if (failed) {
    return (
      <div className="editor-page">
        {variant === 'account' ? <h2 className="editor-title">{t('editor.openFailed')}</h2> : <h1 className="editor-title">{dn === null ? t('editor.new', { type }) : t('editor.openFailed')}</h1>}
        <ErrorMessage error={failed} />
      </div>
    );
  }
  if (!description.data || !object.data || (template !== undefined && !fields.data)) {
    return (
      <div className="editor-page">
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      </div>
    );
  }
  return (
    <div className="editor-page">
      <ObjectEditor
        description={description.data}
        view={object.data}
        reload={async () => {
          await queries.refetchQueries({ queryKey: objectKey, exact: true });
        }}
        create={dn === null ? { ...(base ? { base } : {}), ...(template ? { template } : {}), ...(asTemplate ? { asTemplate } : {}), ...(copyOf ? { copyOf } : {}) } : undefined}
        {...(fields.data && template !== undefined ? { asked: fields.data.fields } : {})}
        {...(tabFilter ? { tabFilter } : {})}
        {...(attributeFilter ? { attributeFilter } : {})}
        variant={variant}
      />
    </div>
  );
}
