// The roles editor (gosaAclTemplate, codec aclTemplate): role lines, each a grid of categories → objects → attributes
// with FusionDirectory's rights and self flag; what the installed plugins do not offer is shown raw and kept; the JSON
// form stays reachable as an advanced view.
//
// Lines are edited one by one, as FusionDirectory stores them, rather than merged: each line is a rule of its own at
// evaluation, and merging would change meaning wherever one line makes an object self-only and another does not
// (`user/user;srw` and `user/user;r` are not `user/user;srw`). A new role shows one empty line, written once it grants
// something.
import { Fragment, useId, useState } from 'react';
import type { AclCatalogue, UiAclCategory, UiAclObject } from '../api/contract.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Icon } from '../components/Icon.tsx';
import { useT, type Translate } from '../i18n/index.tsx';
import { JsonWidget } from '../editor/widgets/JsonWidget.tsx';
import type { WidgetProps } from '../editor/widgets/WidgetProps.ts';
import { moveItem } from './assignments.ts';
import {
  ALL_OBJECTS,
  ATTRIBUTE_LETTERS,
  OBJECT_LETTERS,
  SELF,
  attributeRights,
  catalogueOrder,
  clearObjects,
  grantAll,
  grantsAny,
  hasLetter,
  objectRights,
  objectText,
  removeAttribute,
  roleItems,
  toggleAttributeLetter,
  toggleObjectLetter,
  unknownParts,
  type CatalogueOrder,
  type RoleItem,
  type RoleLine,
} from './roleTemplate.ts';
import { useAclCatalogue } from './useAclCatalogue.ts';
import './acl.css';

/** Rights in words: `srw` → "self only, read, write". */
export function rightsText(perms: string, t: Translate): string {
  return [...perms].map((l) => ('rwcdms'.includes(l) ? t(`acl.right.${l}`).toLowerCase() : l)).join(', ');
}

/** The label of an ACL object in the catalogue (`all`: "All objects"), else its id. */
export function objectLabel(object: string, catalogue: AclCatalogue | undefined, t: Translate): string {
  if (object === ALL_OBJECTS) return t('acl.role.allObjects');
  for (const c of catalogue?.categories ?? []) {
    const o = c.objects.find((x) => x.id === object);
    if (o) return c.objects.length > 1 || o.label !== c.label ? `${c.label} › ${o.label}` : o.label;
  }
  return object;
}

export function AclRoleWidget(props: WidgetProps) {
  const { id, label, value, onChange, readOnly } = props;
  const t = useT();
  const catalogue = useAclCatalogue();
  const [advanced, setAdvanced] = useState(false);
  const items = roleItems(value);
  const structured = items !== null && !catalogue.isError;
  const showJson = advanced || !structured;
  const jsonId = `${id}-json`;

  const toolbar = (
    <div className="acl-toolbar">
      <label className="acl-check">
        <input type="checkbox" checked={showJson} disabled={!structured} onChange={(e) => setAdvanced(e.target.checked)} />
        {t('acl.role.showJson')}
      </label>
      {items === null && <span className="field-note">{t('acl.role.jsonOnly')}</span>}
    </div>
  );

  let body;
  if (showJson) {
    body = (
      <>
        <label htmlFor={jsonId} className="visually-hidden">
          {t('acl.role.jsonLabel', { label })}
        </label>
        <JsonWidget {...props} id={jsonId} />
      </>
    );
  } else if (catalogue.isPending) {
    body = (
      <p role="status" className="muted">
        {t('acl.role.loading')}
      </p>
    );
  } else if (readOnly) {
    body = <RoleSummary items={items!} catalogue={catalogue.data} />;
  } else {
    body = <RoleLinesEditor id={id} items={items!} catalogue={catalogue.data!} onChange={onChange} />;
  }

  return (
    <div id={id} tabIndex={-1} className="acl-role" aria-describedby={props.describedBy}>
      {toolbar}
      {catalogue.isError && <ErrorMessage error={catalogue.error} title={t('acl.role.catalogueFailed')} />}
      {body}
    </div>
  );
}

// ---- editing ----

function RoleLinesEditor({ id, items, catalogue, onChange }: { id: string; items: RoleItem[]; catalogue: AclCatalogue; onChange(value: unknown): void }) {
  const t = useT();
  const order = catalogueOrder(catalogue);
  // A role without lines shows one empty line to fill; it is written once it grants something (roleToWire).
  const lines: RoleItem[] = items.length > 0 ? items : [{}];
  const [note, setNote] = useState('');

  const replace = (index: number, line: RoleItem) => onChange(lines.map((l, i) => (i === index ? line : l)));
  const focusLater = (selector: string) =>
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(selector);
      el?.focus();
    });
  const move = (index: number, delta: number, action: string) => {
    const to = index + delta;
    onChange(moveItem(lines, index, to));
    setNote(t('acl.role.lineMoved', { n: index + 1, position: to + 1 }));
    focusLater(`#${CSS.escape(`${id}-line-${to}`)} button[data-action="${action}"]:not(:disabled)`);
  };
  const remove = (index: number) => {
    onChange(lines.filter((_, i) => i !== index));
    setNote(t('acl.role.lineRemoved', { n: index + 1 }));
    focusLater(`#${CSS.escape(`${id}-add-line`)}`);
  };
  const add = () => {
    onChange([...lines, {}]);
    setNote(t('acl.role.lineAdded', { n: lines.length + 1 }));
    focusLater(`#${CSS.escape(`${id}-line-${lines.length}`)} input`);
  };

  return (
    <div className="acl-lines">
      {lines.map((line, index) => (
        <section key={index} id={`${id}-line-${index}`} className="acl-line" aria-labelledby={`${id}-line-${index}-title`}>
          <div className="acl-line-head">
            <h3 id={`${id}-line-${index}-title`} className="acl-line-title">
              {typeof line === 'string' ? t('acl.role.rawLine', { n: index + 1 }) : t('acl.role.line', { n: index + 1 })}
            </h3>
            {lines.length > 1 && (
              <span className="acl-line-actions">
                <button type="button" className="icon-button" data-action="up" disabled={index === 0} aria-label={t('acl.role.lineUp', { n: index + 1 })} onClick={() => move(index, -1, 'up')}>
                  <Icon name="up" />
                </button>
                <button type="button" className="icon-button" data-action="down" disabled={index === lines.length - 1} aria-label={t('acl.role.lineDown', { n: index + 1 })} onClick={() => move(index, 1, 'down')}>
                  <Icon name="down" />
                </button>
                <button type="button" className="icon-button danger" data-action="remove" aria-label={t('acl.role.lineRemove', { n: index + 1 })} onClick={() => remove(index)}>
                  <Icon name="trash" />
                </button>
              </span>
            )}
          </div>
          {typeof line === 'string' ? (
            <div className="acl-raw">
              <p className="muted">{t('acl.role.rawExplain')}</p>
              <code className="acl-code">{line}</code>
            </div>
          ) : (
            <RoleLineEditor id={`${id}-line-${index}`} line={line} catalogue={catalogue} order={order} onChange={(next) => replace(index, next)} />
          )}
        </section>
      ))}
      <div className="acl-add">
        <button type="button" id={`${id}-add-line`} className="button" onClick={add}>
          <Icon name="plus" />
          {t('acl.role.addLine')}
        </button>
      </div>
      <span className="visually-hidden" aria-live="polite">
        {note}
      </span>
    </div>
  );
}

interface LineProps {
  id: string;
  line: RoleLine;
  catalogue: AclCatalogue;
  order: CatalogueOrder;
  onChange(line: RoleLine): void;
}

function RoleLineEditor({ id, line, catalogue, order, onChange }: LineProps) {
  const t = useT();
  // Categories open by default where the line grants something; the user's clicks override.
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const allRights = objectRights(line, ALL_OBJECTS);
  const unknown = unknownParts(line, catalogue);
  const unknownEntries = [
    ...unknown.objects.map((o) => ({ key: o, text: objectText(o, line[o] ?? {}), drop: () => onChange(clearObjects(line, [o])) })),
    ...Object.entries(unknown.attributes).flatMap(([o, names]) =>
      names.map((a) => ({ key: `${o}#${a}`, text: `${o}#${a};${attributeRights(line, o, a)}`, drop: () => onChange(removeAttribute(line, o, a)) })),
    ),
  ];

  return (
    <div className="acl-line-body">
      <fieldset className="acl-all">
        <legend>{t('acl.role.allObjects')}</legend>
        <p className="field-hint">{t('acl.role.allObjectsHint')}</p>
        <div className="acl-letters">
          {OBJECT_LETTERS.map((l) => (
            <label key={l} className="acl-check">
              <input type="checkbox" checked={hasLetter(allRights, l)} onChange={(e) => onChange(toggleObjectLetter(line, ALL_OBJECTS, l, e.target.checked, order))} />
              {t(`acl.right.${l}`)}
            </label>
          ))}
          {hasLetter(allRights, SELF) && (
            <label className="acl-check">
              <input type="checkbox" checked onChange={(e) => onChange(toggleObjectLetter(line, ALL_OBJECTS, SELF, e.target.checked, order))} />
              {t('acl.right.s')}
            </label>
          )}
        </div>
      </fieldset>
      <div className="acl-categories">
        {catalogue.categories.map((category) => {
          const ids = category.objects.map((o) => o.id);
          const open = opened[category.id] ?? grantsAny(line, ids);
          return (
            <CategoryBlock
              key={category.id}
              id={`${id}-cat-${category.id}`}
              category={category}
              line={line}
              order={order}
              open={open}
              onToggle={() => setOpened((o) => ({ ...o, [category.id]: !open }))}
              onChange={onChange}
              onGrantAll={() => {
                onChange(grantAll(line, ids, order));
                setOpened((o) => ({ ...o, [category.id]: true }));
              }}
              onClear={() => onChange(clearObjects(line, ids))}
            />
          );
        })}
      </div>
      {unknownEntries.length > 0 && (
        <div className="acl-unknown">
          <p className="acl-unknown-title">{t('acl.role.unknown')}</p>
          <ul className="acl-unknown-list">
            {unknownEntries.map((u) => (
              <li key={u.key}>
                <code className="acl-code">{u.text}</code>
                <button type="button" className="icon-button danger" aria-label={t('acl.role.unknownRemove', { value: u.text })} onClick={u.drop}>
                  <Icon name="close" />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

interface CategoryProps {
  id: string;
  category: UiAclCategory;
  line: RoleLine;
  order: CatalogueOrder;
  open: boolean;
  onToggle(): void;
  onChange(line: RoleLine): void;
  onGrantAll(): void;
  onClear(): void;
}

function CategoryBlock({ id, category, line, order, open, onToggle, onChange, onGrantAll, onClear }: CategoryProps) {
  const t = useT();
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const granted = category.objects.filter((o) => grantsAny(line, [o.id]));
  const panelId = `${id}-panel`;
  return (
    <div className={`acl-category${granted.length > 0 ? ' has-rights' : ''}`}>
      <div className="acl-category-head">
        <h4 className="acl-category-title">
          <button type="button" className="acl-disclosure" aria-expanded={open} aria-controls={panelId} onClick={onToggle}>
            <Icon name={open ? 'chevronDown' : 'chevronRight'} />
            {category.label}
          </button>
        </h4>
        <span className="acl-category-summary muted">
          {granted.length > 0 ? t('acl.role.grantedOn', { objects: granted.map((o) => o.label).join(', ') }) : t('acl.role.nothing')}
        </span>
        <span className="acl-category-actions">
          <button type="button" className="button small" aria-label={t('acl.role.grantAllIn', { category: category.label })} onClick={onGrantAll}>
            {t('acl.role.grantAll')}
          </button>
          <button type="button" className="button small" disabled={granted.length === 0} aria-label={t('acl.role.clearIn', { category: category.label })} onClick={onClear}>
            {t('acl.role.clear')}
          </button>
        </span>
      </div>
      <div id={panelId} hidden={!open} className="acl-category-panel">
        {open && (
          <div className="acl-grid-wrap">
            <table className="acl-grid">
              <caption className="visually-hidden">{t('acl.role.gridCaption', { category: category.label })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('acl.role.object')}</th>
                  {OBJECT_LETTERS.map((l) => (
                    <th key={l} scope="col">
                      {t(`acl.right.${l}`)}
                    </th>
                  ))}
                  <th scope="col">{t('acl.right.s')}</th>
                  <th scope="col">{t('acl.role.attributes')}</th>
                </tr>
              </thead>
              <tbody>
                {category.objects.map((object) => (
                  <ObjectRows
                    key={object.id}
                    id={`${id}-${object.id.replace(/[^\w-]/g, '_')}`}
                    object={object}
                    line={line}
                    order={order}
                    expanded={expanded[object.id] ?? false}
                    onExpand={() => setExpanded((e) => ({ ...e, [object.id]: !(e[object.id] ?? false) }))}
                    onChange={onChange}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

interface ObjectRowsProps {
  id: string;
  object: UiAclObject;
  line: RoleLine;
  order: CatalogueOrder;
  expanded: boolean;
  onExpand(): void;
  onChange(line: RoleLine): void;
}

function ObjectRows({ id, object, line, order, expanded, onExpand, onChange }: ObjectRowsProps) {
  const t = useT();
  const rights = objectRights(line, object.id);
  const self = hasLetter(rights, SELF);
  const attributesGranted = object.attributes.filter((a) => attributeRights(line, object.id, a.name) !== '').length;
  const panelId = `${id}-attributes`;
  const hintId = useId();
  return (
    <Fragment>
      <tr className={rights.replace(SELF, '') !== '' || attributesGranted > 0 ? 'has-rights' : undefined}>
        <th scope="row">
          <span className="acl-object-label">{object.label}</span> <code className="acl-id">{object.id}</code>
        </th>
        {OBJECT_LETTERS.map((l) => (
          <td key={l}>
            <input
              type="checkbox"
              aria-label={t('acl.role.rightOn', { right: t(`acl.right.${l}`), object: object.label })}
              checked={hasLetter(rights, l)}
              onChange={(e) => onChange(toggleObjectLetter(line, object.id, l, e.target.checked, order))}
            />
          </td>
        ))}
        <td>
          {(object.selfModify || self) && (
            <input
              type="checkbox"
              aria-label={t('acl.role.rightOn', { right: t('acl.right.s'), object: object.label })}
              aria-describedby={hintId}
              checked={self}
              onChange={(e) => onChange(toggleObjectLetter(line, object.id, SELF, e.target.checked, order))}
            />
          )}
          <span id={hintId} hidden>
            {t('acl.role.selfHint')}
          </span>
        </td>
        <td>
          {object.attributes.length > 0 && (
            <button type="button" className="button small acl-attributes-toggle" aria-expanded={expanded} aria-controls={panelId} onClick={onExpand}>
              <Icon name={expanded ? 'chevronDown' : 'chevronRight'} />
              {attributesGranted > 0 ? t('acl.role.attributesCount', { count: attributesGranted }) : t('acl.role.attributes')}
              <span className="visually-hidden"> {t('acl.role.ofObject', { object: object.label })}</span>
            </button>
          )}
        </td>
      </tr>
      {object.attributes.length > 0 && (
        <tr id={panelId} hidden={!expanded} className="acl-attributes-row">
          <td colSpan={OBJECT_LETTERS.length + 3}>
            {expanded && (
              <fieldset className="acl-attributes">
                <legend>{t('acl.role.attributesOf', { object: object.label })}</legend>
                <p className="field-hint">{t('acl.role.attributesHint')}</p>
                <div className="acl-attribute-grid">
                  {object.attributes.map((a) => {
                    const perms = attributeRights(line, object.id, a.name);
                    return (
                      <fieldset key={a.name} className={`acl-attribute${perms !== '' ? ' has-rights' : ''}`}>
                        <legend>
                          {a.label} <code className="acl-id">{a.name}</code>
                        </legend>
                        {ATTRIBUTE_LETTERS.map((l) => (
                          <label key={l} className="acl-check">
                            <input type="checkbox" checked={hasLetter(perms, l)} onChange={(e) => onChange(toggleAttributeLetter(line, object.id, a.name, l, e.target.checked, order))} />
                            {t(`acl.right.${l}`)}
                          </label>
                        ))}
                      </fieldset>
                    );
                  })}
                </div>
              </fieldset>
            )}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

// ---- read-only ----

/** The role's lines as tables of what they grant, in words. */
function RoleSummary({ items, catalogue }: { items: RoleItem[]; catalogue: AclCatalogue | undefined }) {
  const t = useT();
  if (items.length === 0) return <p className="muted">{t('editor.none')}</p>;
  const attributeLabel = (object: string, name: string) =>
    catalogue?.categories.flatMap((c) => c.objects).find((o) => o.id === object)?.attributes.find((a) => a.name === name)?.label ?? name;
  return (
    <div className="acl-lines">
      {items.map((item, index) =>
        typeof item === 'string' ? (
          <div key={index} className="acl-line">
            <p className="acl-line-title">{t('acl.role.rawLine', { n: index + 1 })}</p>
            <code className="acl-code">{item}</code>
          </div>
        ) : (
          <table key={index} className="acl-summary">
            <caption>{t('acl.role.line', { n: index + 1 })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('acl.role.object')}</th>
                <th scope="col">{t('acl.role.rights')}</th>
                <th scope="col">{t('acl.role.attributes')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(item).map(([object, rights]) => (
                <tr key={object}>
                  <th scope="row">
                    {objectLabel(object, catalogue, t)} <code className="acl-id">{object}</code>
                  </th>
                  <td>{rightsText(rights['0'] ?? '', t) || '—'}</td>
                  <td>
                    {Object.entries(rights)
                      .filter(([k]) => k !== '0')
                      .map(([k, p]) => `${attributeLabel(object, k)}: ${rightsText(p, t) || '—'}`)
                      .join('; ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      )}
    </div>
  );
}
