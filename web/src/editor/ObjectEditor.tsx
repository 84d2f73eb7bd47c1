// The editor of one object, drawn from its type's description: header, tabs (WAI-ARIA tablist, `?tab=` in the URL),
// activation of switchable tabs, fields by kind, save with per-field problems, conflicts, delete, unsaved-change guard.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api/client.ts';
import type { ObjectView, SaveAnswer, TypeDescription, UiAttribute, UiProblem, UiTab } from '../api/contract.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage, errorBody, useErrorText, type ErrorItem } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/index.tsx';
import { Link, addLeaveGuard, navigate, paths, useLocation } from '../router.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { Field, fieldId } from './Field.tsx';
import { ReferencesPanel } from './ReferencesPanel.tsx';
import { TabActivation } from './TabActivation.tsx';
import { buildSaveRequest, clientProblems, draftOf, fieldAccess, isDirty, problemsOf, type Draft } from './draft.ts';
import { clearFlashNotice, peekFlashNotice, setFlashNotice } from './flashNotice.ts';
import { departmentTree, useDepartments } from './widgets/BaseWidget.tsx';
import { nameOf } from './widgets/dnNames.ts';
import { RightsHereLink } from '../acl/RightsHereLink.tsx';
import { editorExtrasOf } from './editorExtras.ts';

/** The id of the References tab in `?tab=` (FusionDirectory's name for it). */
export const REFERENCES_TAB = 'references';

export interface ObjectEditorProps {
  description: TypeDescription;
  view: ObjectView;
  /** Fetch the view again (after a save, or to drop the user's changes). */
  reload(): Promise<void>;
  /** Creation options from the URL (`copyOf`: a copy of that object). */
  create?: { base?: string; template?: string; asTemplate?: boolean; copyOf?: string };
  /** Creation from a template: tab → attributes asked in a first step. */
  asked?: Record<string, string[]>;
  /** Tabs to show (My account: those the user may modify on his own entry). */
  tabFilter?(tab: UiTab): boolean;
  /** Attributes to leave out (My account leaves the password to its own form). */
  attributeFilter?(tab: UiTab, attribute: UiAttribute): boolean;
  /** `account`: "My account" (no delete, cancel drops the changes, headings one level down). */
  variant?: 'object' | 'account';
}

function objectPath(type: string, dn: string): string {
  return `/objects/${encodeURIComponent(type)}/${encodeURIComponent(dn)}`;
}

export function ObjectEditor({ description, view, reload, create, asked, tabFilter, attributeFilter, variant = 'object' }: ObjectEditorProps) {
  const t = useT();
  const errorText = useErrorText();
  const queries = useQueryClient();
  const { path, query } = useLocation();
  const titleId = useId();
  const tabErrorsNoteId = useId();
  const isNew = view.dn === null;
  const type = description.id;

  // The view the draft started from, and the draft. A new view (after a save or a reload) restarts the draft,
  // unless it arrives unasked while the user has changes: then the save meets the conflict and the user compares.
  const [source, setSource] = useState(view);
  const [opened, setOpened] = useState(view);
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [problems, setProblems] = useState<UiProblem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState(() => peekFlashNotice() ?? '');
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<ObjectView | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [askStep, setAskStep] = useState(asked !== undefined);
  const [focusRequest, setFocusRequest] = useState<{ tab: string; attribute?: string; n: number } | null>(null);
  const expectReload = useRef(false);
  const leaving = useRef(false);
  const savingRef = useRef(false);
  const dirty = isDirty(description, opened, draft);

  if (view !== source) {
    setSource(view);
    if (!dirty || expectReload.current) {
      expectReload.current = false;
      setOpened(view);
      setDraft(draftOf(view));
    }
  }

  useEffect(() => clearFlashNotice(), []);

  // Unsaved changes: in-app navigation asks (router guard), leaving the page asks (beforeunload).
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);
  useEffect(() => {
    const removeGuard = addLeaveGuard(() => leaving.current || !dirtyRef.current || window.confirm(t('editor.leave')));
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirtyRef.current && !leaving.current) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      removeGuard();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [t]);

  const departments = useDepartments();
  const department = departmentTree(departments.data ?? []).find((d) => d.dn.toLowerCase() === view.base.toLowerCase());

  // ---- tabs ----
  const tabs = description.tabs.filter((tab) => view.tabs.some((v) => v.id === tab.id) && (tabFilter?.(tab) ?? true));
  const showReferences = !isNew && variant === 'object' && !description.auxiliary;
  const tabIds = [...tabs.map((tab) => tab.id), ...(showReferences ? [REFERENCES_TAB] : [])];
  const requested = query.get('tab');
  const currentTab = requested && tabIds.includes(requested) ? requested : (tabIds[0] ?? '');
  const tabLabel = (id: string) => (id === REFERENCES_TAB ? t('editor.references') : (description.tabs.find((x) => x.id === id)?.label ?? id));

  const selectTab = useCallback(
    (id: string) => {
      const q = new URLSearchParams(query);
      q.set('tab', id);
      navigate(`${path}?${q.toString()}`, { replace: true });
    },
    [path, query],
  );

  const onTabKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = tabIds.indexOf(currentTab);
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabIds.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const id = tabIds[(next + tabIds.length) % tabIds.length]!;
    selectTab(id);
    document.getElementById(`tab-${id}`)?.focus();
  };

  // Focus a field once its tab is shown (after a failed save).
  useEffect(() => {
    if (!focusRequest) return;
    const frame = requestAnimationFrame(() => {
      const byId = focusRequest.attribute ? document.getElementById(fieldId(focusRequest.tab, focusRequest.attribute)) : null;
      const group = focusRequest.attribute ? document.querySelector<HTMLElement>(`[data-field="${CSS.escape(`${focusRequest.tab}/${focusRequest.attribute}`)}"]`) : null;
      const target =
        (byId && !(byId as HTMLInputElement).disabled ? byId : null) ??
        group?.querySelector<HTMLElement>('input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea, button:not(:disabled), [tabindex]') ??
        document.getElementById(`tab-${focusRequest.tab}`);
      target?.focus();
      target?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    });
    return () => cancelAnimationFrame(frame);
  }, [focusRequest]);

  const focusField = (tab: string, attribute?: string) => {
    if (!askStep && tabIds.includes(tab) && tab !== currentTab) selectTab(tab);
    setFocusRequest((r) => ({ tab, ...(attribute ? { attribute } : {}), n: (r?.n ?? 0) + 1 }));
  };

  // ---- problems ----
  const attributeOf = (tab: string, attribute?: string) => (attribute ? description.tabs.find((x) => x.id === tab)?.sections.flatMap((s) => s.attributes).find((a) => a.name === attribute) : undefined);
  const textOf = (p: UiProblem) => errorText(p, attributeOf(p.tab, p.attribute)?.label);
  const fieldErrors = (tab: string, attribute: string) => problems.filter((p) => p.tab === tab && p.attribute === attribute).map(textOf);
  const tabHasErrors = (tab: string) => problems.some((p) => p.tab === tab);
  const shownField = (tab: string, attribute?: string) =>
    attribute !== undefined && (askStep ? (asked?.[tab]?.includes(attribute) ?? false) : tabIds.includes(tab) && (draft.active[tab] ?? false));

  const showProblems = (list: UiProblem[]) => {
    setProblems(list);
    const first = list[0];
    if (first) focusField(first.tab, first.attribute);
  };

  const summaryItems: ErrorItem[] = problems.map((p, i) => {
    const attribute = attributeOf(p.tab, p.attribute);
    const example = attribute?.example ?? (attribute?.kind === 'string' ? attribute.example : undefined);
    return {
      key: `${i}:${p.tab}/${p.attribute ?? ''}`,
      where: [tabLabel(p.tab), ...(p.attribute ? [attribute?.label ?? p.attribute] : [])],
      text: textOf(p),
      ...(example ? { example } : {}),
      ...(shownField(p.tab, p.attribute) || tabIds.includes(p.tab)
        ? {
            onSelect: () => {
              // A problem outside a template's asked fields: the whole form opens on its tab.
              if (askStep && !shownField(p.tab, p.attribute)) {
                setAskStep(false);
                selectTab(p.tab);
              }
              focusField(p.tab, p.attribute);
            },
          }
        : {}),
    };
  });

  // ---- save ----
  const leaveTo = (to: string) => {
    leaving.current = true;
    navigate(to, { replace: true });
  };

  const goBack = () => {
    leaving.current = true;
    if (window.history.length > 1) window.history.back();
    else navigate('/');
  };

  const save = async (work: Draft = draft, base: ObjectView = opened) => {
    if (savingRef.current) return;
    setProblems([]);
    setFailure(null);
    setNotice('');
    const inAsk = askStep && asked !== undefined;
    const local = clientProblems(description, base, work, t, inAsk ? (tab, attribute) => asked?.[tab]?.includes(attribute) ?? false : undefined);
    if (local.length > 0) {
      showProblems(local);
      return;
    }
    const request = buildSaveRequest(description, base, work, { ...(create ?? {}), ...(inAsk ? { asked } : {}) });
    if (!isNew && Object.keys(request.tabs).length === 0) {
      setNotice(t('editor.nothingToSave'));
      return;
    }
    savingRef.current = true;
    setSaving(true);
    try {
      if (isNew) {
        const answer = await api<SaveAnswer>(`/objects/${encodeURIComponent(type)}`, { method: 'POST', body: request });
        await queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'object' });
        setFlashNotice(t(create?.asTemplate ? 'editor.createdTemplate' : 'editor.created', { name: nameOf(answer.dn) }));
        leaveTo(paths.object(type, answer.dn));
        return;
      }
      const answer = await api<SaveAnswer>(objectPath(type, base.dn!), { method: 'PUT', body: request });
      setConflict(null);
      await queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'object' });
      if (variant === 'object' && answer.dn.toLowerCase() !== base.dn!.toLowerCase()) {
        // Renamed or moved: the object lives at a new DN.
        setFlashNotice(t('editor.savedMoved', { dn: answer.dn }));
        leaveTo(`${paths.object(type, answer.dn)}${query.get('tab') ? `?tab=${encodeURIComponent(query.get('tab')!)}` : ''}`);
        return;
      }
      expectReload.current = true;
      await reload();
      setNotice(t('editor.saved'));
    } catch (e) {
      const body = errorBody(e);
      if (!(e instanceof ApiError && e.status === 409)) setConflict(null);
      if (e instanceof ApiError && e.status === 409 && body.code === 'entry.conflict') {
        const details = body.details as { current?: ObjectView } | undefined;
        let current = details?.current;
        if (!current && base.dn) current = await api<ObjectView>(objectPath(type, base.dn)).catch(() => undefined);
        if (current) {
          setConflict(current);
          return;
        }
      }
      if (e instanceof ApiError && e.status === 400 && body.code === 'value.invalid') {
        const list = problemsOf(body);
        if (list.length > 0) {
          // Template creation: when none of the problems is on an asked field, the whole form opens to fix them.
          if (inAsk && !list.some((p) => p.attribute && asked?.[p.tab]?.includes(p.attribute))) setAskStep(false);
          showProblems(list);
          return;
        }
      }
      setFailure(e);
    } finally {
      savingRef.current = false;
      setSaving(false);
    }
  };

  const resolveConflict = (merged: Draft) => {
    const current = conflict!;
    setOpened(current);
    setDraft(merged);
    void save(merged, current);
  };

  const discard = async () => {
    setConflict(null);
    setProblems([]);
    setFailure(null);
    if (variant === 'account' && !conflict) {
      setDraft(draftOf(opened));
      return;
    }
    expectReload.current = true;
    await reload();
    setNotice(t('editor.discarded'));
  };

  const cancel = () => {
    if (variant === 'account') {
      void discard();
      return;
    }
    if (dirty && !window.confirm(t('editor.leave'))) return;
    goBack();
  };

  const remove = async () => {
    setDeleteError(null);
    try {
      await api(objectPath(type, opened.dn!), { method: 'DELETE' });
      await queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'object' });
      setConfirmDelete(false);
      goBack();
    } catch (e) {
      setDeleteError(e);
    }
  };

  const copyDn = async () => {
    try {
      await navigator.clipboard.writeText(opened.dn ?? '');
      setNotice(t('editor.dnCopied'));
    } catch {
      setNotice(t('editor.dnCopyFailed'));
    }
  };

  // ---- drawing ----
  const setValue = (tab: string, attribute: string, value: unknown) => {
    setDraft((d) => ({ ...d, values: { ...d.values, [tab]: { ...d.values[tab], [attribute]: value } } }));
    // A field being corrected loses its problem; the others stay until the next save.
    if (problems.some((p) => p.tab === tab && p.attribute === attribute)) setProblems((list) => list.filter((p) => !(p.tab === tab && p.attribute === attribute)));
  };
  const setActive = (tab: string, on: boolean) => setDraft((d) => ({ ...d, active: { ...d.active, [tab]: on } }));

  const renderField = (tab: UiTab, attribute: UiAttribute) => {
    const tabView = opened.tabs.find((v) => v.id === tab.id);
    if (!tabView || (attributeFilter && !attributeFilter(tab, attribute))) return null;
    const access = fieldAccess(attribute, tabView, opened);
    if (access === 'none') return null;
    return (
      <Field
        key={attribute.name}
        tab={tab.id}
        attribute={attribute}
        value={draft.values[tab.id]?.[attribute.name]}
        onChange={(v) => setValue(tab.id, attribute.name, v)}
        readOnly={access === 'read'}
        isNew={isNew}
        errors={fieldErrors(tab.id, attribute.name)}
        tabValues={draft.values[tab.id]}
      />
    );
  };

  const renderSections = (tab: UiTab, only?: string[]) => (
    <div className="sections">
      {tab.sections.map((section) => {
        const fields = section.attributes.filter((a) => !only || only.includes(a.name)).map((a) => renderField(tab, a)).filter(Boolean);
        if (fields.length === 0) return null;
        return (
          <fieldset key={section.key} className="section">
            <legend className="section-title">{section.label}</legend>
            {fields}
          </fieldset>
        );
      })}
    </div>
  );

  const Heading = variant === 'account' ? 'h2' : 'h1';
  const name = isNew
    ? create?.copyOf
      ? t('editor.copyOf', { name: nameOf(create.copyOf) })
      : askStep
        ? t('editor.fromTemplate', { type: description.label })
        : t(create?.asTemplate ? 'editor.newTemplate' : 'editor.new', { type: description.label })
    : opened.name || nameOf(opened.dn!);

  const header = (
    <header className="editor-header">
      <div className="editor-heading">
        <p className="editor-type">
          {description.label}
          {opened.template && <span className="badge">{t('editor.template')}</span>}
        </p>
        <Heading id={titleId} className="editor-title">
          {name}
        </Heading>
      </div>
      <dl className="editor-facts">
        {opened.dn && (
          <div className="fact">
            <dt>{t('editor.dn')}</dt>
            <dd>
              <code className="dn">{opened.dn}</code>{' '}
              <button type="button" className="button small" onClick={copyDn}>
                {t('editor.copyDn')}
              </button>{' '}
              {variant === 'object' && <RightsHereLink dn={opened.dn} />}
            </dd>
          </div>
        )}
        <div className="fact">
          <dt>{t('editor.department')}</dt>
          <dd title={view.base}>{department ? department.name : view.base || '—'}</dd>
        </div>
      </dl>
    </header>
  );
  const extras = variant === 'object' ? editorExtrasOf(type, description) : [];
  // An extra replaced the entry (a snapshot restored): the form starts again from what LDAP holds now.
  const reloadObject = async (message: string) => {
    setProblems([]);
    setFailure(null);
    setConflict(null);
    expectReload.current = true;
    await reload();
    await queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'object' });
    setNotice(message);
  };

  const summary =
    problems.length > 0 ? (
      <ErrorMessage className="error-summary" error={{ code: 'value.invalid', message: '' }} title={t('editor.problems', { count: problems.length })} items={summaryItems} />
    ) : failure ? (
      <ErrorMessage className="error-summary" error={failure} title={t('editor.saveFailed')} />
    ) : null;

  const actions = (
    <div className="editor-actions">
      <button type="submit" className="button primary" aria-disabled={saving || undefined}>
        {askStep ? t('editor.create') : t('editor.save')}
      </button>
      {askStep && (
        <button type="button" className="button" onClick={() => setAskStep(false)}>
          {t('editor.allFields')}
        </button>
      )}
      <button type="button" className="button" onClick={cancel} disabled={variant === 'account' && !dirty}>
        {t('common.cancel')}
      </button>
      {!isNew && variant === 'object' && opened.canCopy && (
        <Link to={paths.create(type, { copyOf: opened.dn! })} className="button">
          {t('editor.copy')}
        </Link>
      )}
      {!isNew && variant === 'object' && opened.canDelete && (
        <button type="button" className="button danger" onClick={() => setConfirmDelete(true)}>
          {t('editor.delete')}
        </button>
      )}
      {dirty && <span className="dirty-note">{t('editor.unsaved')}</span>}
    </div>
  );

  const onFormKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
    }
  };

  return (
    <>
    <form
      className={`editor editor-${variant}`}
      aria-labelledby={titleId}
      aria-busy={saving || undefined}
      noValidate
      onKeyDown={onFormKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {header}
      {!askStep && extras.map((Extra, i) => <Extra key={i} dn={opened.dn} values={draft.values} description={description} name={name} reloadObject={reloadObject} />)}
      <div role="status" className={notice ? 'notice' : 'notice empty'}>
        {notice}
      </div>
      {summary}
      {isNew && create?.copyOf && <p className="muted copy-explain">{t('editor.copyExplain', { name: nameOf(create.copyOf) })}</p>}
      {askStep && asked ? (
        <div className="ask-step">
          <p className="muted">{t('editor.askExplain', { template: create?.template ? nameOf(create.template) : '' })}</p>
          {Object.keys(asked).length === 0 || Object.values(asked).every((a) => a.length === 0) ? (
            <p>{t('editor.askNothing')}</p>
          ) : (
            tabs
              .filter((tab) => (asked[tab.id]?.length ?? 0) > 0)
              .map((tab) => (
                <section key={tab.id} className="ask-tab" aria-label={tab.label}>
                  {tabs.filter((x) => (asked[x.id]?.length ?? 0) > 0).length > 1 && <h2 className="ask-tab-title">{tab.label}</h2>}
                  {renderSections(tab, asked[tab.id])}
                </section>
              ))
          )}
        </div>
      ) : (
        <>
          <div role="tablist" aria-label={t('editor.tabs', { name })} className="tabs" onKeyDown={onTabKeyDown}>
            {tabIds.map((id) => {
              const selected = id === currentTab;
              const tab = tabs.find((x) => x.id === id);
              const off = tab && !tab.alwaysActive && !draft.active[id];
              return (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={`tab-${id}`}
                  aria-selected={selected}
                  aria-controls={`panel-${id}`}
                  aria-describedby={tabHasErrors(id) ? tabErrorsNoteId : undefined}
                  tabIndex={selected ? 0 : -1}
                  className={`tab${selected ? ' selected' : ''}${off ? ' off' : ''}${tabHasErrors(id) ? ' has-errors' : ''}`}
                  onClick={() => selectTab(id)}
                >
                  {tabLabel(id)}
                  {tabHasErrors(id) && (
                    <span className="tab-error-mark" aria-hidden="true">
                      !
                    </span>
                  )}
                </button>
              );
            })}
          </div>
          <span id={tabErrorsNoteId} hidden>
            {t('editor.tabHasErrors')}
          </span>
          {tabs.map((tab) => {
            const tabView = opened.tabs.find((v) => v.id === tab.id)!;
            const on = draft.active[tab.id] ?? false;
            return (
              <div key={tab.id} role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} hidden={tab.id !== currentTab} tabIndex={0} className="tabpanel">
                {tab.description && <p className="tab-description muted">{tab.description}</p>}
                {!tab.alwaysActive && <TabActivation tab={tab} tabs={tabs} active={draft.active} canToggle={tabView.canToggle} onToggle={(v) => setActive(tab.id, v)} />}
                {(tab.alwaysActive || on) && renderSections(tab)}
              </div>
            );
          })}
          {showReferences && (
            <div role="tabpanel" id={`panel-${REFERENCES_TAB}`} aria-labelledby={`tab-${REFERENCES_TAB}`} hidden={currentTab !== REFERENCES_TAB} tabIndex={0} className="tabpanel">
              {currentTab === REFERENCES_TAB && <ReferencesPanel type={type} dn={opened.dn!} description={description} />}
            </div>
          )}
        </>
      )}
      {actions}
    </form>
      {conflict && (
        <ConflictDialog
          description={description}
          opened={opened}
          draft={draft}
          current={conflict}
          saving={saving}
          onSave={resolveConflict}
          onDiscard={() => void discard()}
          onClose={() => setConflict(null)}
        />
      )}
      {confirmDelete && (
        <Dialog
          open
          role="alertdialog"
          title={t('editor.deleteTitle', { name })}
          onClose={() => setConfirmDelete(false)}
          actions={
            <>
              <button type="button" className="button" autoFocus onClick={() => setConfirmDelete(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button danger" onClick={() => void remove()}>
                {t('editor.deleteConfirm')}
              </button>
            </>
          }
        >
          <p>{t(opened.template ? 'editor.deleteTemplateExplain' : 'editor.deleteExplain', { name, dn: opened.dn ?? '' })}</p>
          {deleteError !== null && <ErrorMessage error={deleteError} />}
        </Dialog>
      )}
    </>
  );
}
