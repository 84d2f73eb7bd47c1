// The assignments editor (gosaAclEntry, codec aclEntry): an ordered list of roles given on this entry — scope, role,
// members or all users, user and target filters; lines the server could not read are shown raw and kept; the JSON form
// stays reachable as an advanced view.
import { useId, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { useT } from '../i18n/index.tsx';
import { Link, paths } from '../router.tsx';
import { JsonWidget } from '../editor/widgets/JsonWidget.tsx';
import { ObjectPicker } from '../editor/widgets/ObjectPicker.tsx';
import type { WidgetProps } from '../editor/widgets/WidgetProps.ts';
import { nameOf } from '../editor/widgets/dnNames.ts';
import { ALL_USERS, MEMBER_TYPES, assignmentItems, isForAllUsers, moveItem, newAssignment, setForAllUsers, type Assignment, type AssignmentItem } from './assignments.ts';
import './acl.css';

export function AclAssignmentsWidget(props: WidgetProps) {
  const { id, label, value, onChange, readOnly } = props;
  const t = useT();
  const [advanced, setAdvanced] = useState(false);
  const [note, setNote] = useState('');
  // Members chosen before "all users" was ticked, by position, to give them back when it is unticked.
  const [previous, setPrevious] = useState<Record<number, string[]>>({});
  const items = assignmentItems(value);
  const showJson = advanced || items === null;
  const jsonId = `${id}-json`;

  const focusLater = (selector: string) => requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
  const replace = (index: number, item: AssignmentItem) => onChange(items!.map((x, i) => (i === index ? item : x)));
  const move = (index: number, delta: number, action: string) => {
    const to = index + delta;
    onChange(moveItem(items!, index, to));
    setPrevious({});
    setNote(t('acl.assign.moved', { n: index + 1, position: to + 1 }));
    focusLater(`#${CSS.escape(`${id}-item-${to}`)} button[data-action="${action}"]:not(:disabled)`);
  };
  const remove = (index: number) => {
    onChange(items!.filter((_, i) => i !== index));
    setPrevious({});
    setNote(t('acl.assign.removed', { n: index + 1 }));
    focusLater(`#${CSS.escape(`${id}-add`)}`);
  };
  const add = () => {
    onChange([...items!, newAssignment()]);
    setNote(t('acl.assign.added', { n: items!.length + 1 }));
    focusLater(`#${CSS.escape(`${id}-item-${items!.length}`)} input[type=radio]:checked`);
  };

  return (
    <div id={id} tabIndex={-1} className="acl-assignments" aria-describedby={props.describedBy}>
      <div className="acl-toolbar">
        <label className="acl-check">
          <input type="checkbox" checked={showJson} disabled={items === null} onChange={(e) => setAdvanced(e.target.checked)} />
          {t('acl.role.showJson')}
        </label>
        {items === null && <span className="field-note">{t('acl.assign.jsonOnly')}</span>}
      </div>
      {showJson ? (
        <>
          <label htmlFor={jsonId} className="visually-hidden">
            {t('acl.role.jsonLabel', { label })}
          </label>
          <JsonWidget {...props} id={jsonId} />
        </>
      ) : (
        <>
          {items!.length === 0 && <p className="muted">{t('acl.assign.none')}</p>}
          {items!.length > 0 && (
            <ol className="acl-assignment-list">
              {items!.map((item, index) => (
                <li key={index} id={`${id}-item-${index}`} className="acl-assignment">
                  {typeof item === 'string' ? (
                    <RawAssignment n={index + 1} text={item} readOnly={readOnly} onRemove={() => remove(index)} />
                  ) : (
                    <AssignmentEditor
                      id={`${id}-${index}`}
                      n={index + 1}
                      count={items!.length}
                      item={item}
                      readOnly={readOnly}
                      onChange={(next) => replace(index, next)}
                      onAllUsers={(on) => {
                        if (on) setPrevious((p) => ({ ...p, [index]: item.members }));
                        replace(index, setForAllUsers(item, on, previous[index] ?? []));
                      }}
                      onMove={(delta, action) => move(index, delta, action)}
                      onRemove={() => remove(index)}
                    />
                  )}
                </li>
              ))}
            </ol>
          )}
          {!readOnly && (
            <div className="acl-add">
              <button type="button" id={`${id}-add`} className="button" onClick={add}>
                <Icon name="plus" />
                {t('acl.assign.add')}
              </button>
            </div>
          )}
          <span className="visually-hidden" aria-live="polite">
            {note}
          </span>
        </>
      )}
    </div>
  );
}

function RawAssignment({ n, text, readOnly, onRemove }: { n: number; text: string; readOnly: boolean; onRemove(): void }) {
  const t = useT();
  return (
    <div className="acl-assignment-box">
      <div className="acl-line-head">
        <h3 className="acl-line-title">{t('acl.assign.rawTitle', { n })}</h3>
        {!readOnly && (
          <button type="button" className="icon-button danger" aria-label={t('acl.assign.remove', { n })} onClick={onRemove}>
            <Icon name="trash" />
          </button>
        )}
      </div>
      <p className="muted">{t('acl.assign.rawExplain')}</p>
      <code className="acl-code">{text}</code>
    </div>
  );
}

interface AssignmentProps {
  id: string;
  n: number;
  count: number;
  item: Assignment;
  readOnly: boolean;
  onChange(item: Assignment): void;
  onAllUsers(on: boolean): void;
  onMove(delta: number, action: string): void;
  onRemove(): void;
}

function AssignmentEditor({ id, n, count, item, readOnly, onChange, onAllUsers, onMove, onRemove }: AssignmentProps) {
  const t = useT();
  const hints = useId();
  const all = isForAllUsers(item);
  const title = item.role ? t('acl.assign.titleRole', { n, role: nameOf(item.role) }) : t('acl.assign.title', { n });

  if (readOnly) {
    return (
      <div className="acl-assignment-box">
        <h3 className="acl-line-title">{title}</h3>
        <dl className="acl-facts">
          <dt>{t('acl.scope')}</dt>
          <dd>{t(item.scope === 'base' ? 'acl.scope.base' : 'acl.scope.subtree')}</dd>
          <dt>{t('acl.assign.role')}</dt>
          <dd>{item.role ? <Link to={paths.object('aclRole', item.role)}>{nameOf(item.role)}</Link> : '—'}</dd>
          <dt>{t('acl.assign.members')}</dt>
          <dd>{all ? t('acl.assign.allUsers') : item.members.length > 0 ? <MemberNames members={item.members} /> : t('editor.none')}</dd>
          {item.userfilter && (
            <>
              <dt>{t('acl.assign.userFilter')}</dt>
              <dd>
                <code className="acl-code">{item.userfilter}</code>
              </dd>
            </>
          )}
          {item.targetfilter && (
            <>
              <dt>{t('acl.assign.targetFilter')}</dt>
              <dd>
                <code className="acl-code">{item.targetfilter}</code>
              </dd>
            </>
          )}
        </dl>
      </div>
    );
  }

  const set = (change: Partial<Assignment>) => onChange({ ...item, ...change });
  return (
    <fieldset className="acl-assignment-box">
      <legend className="acl-line-title">{title}</legend>
      <div className="acl-assignment-actions">
        <button type="button" className="icon-button" data-action="up" disabled={n === 1} aria-label={t('acl.assign.up', { n })} onClick={() => onMove(-1, 'up')}>
          <Icon name="up" />
        </button>
        <button type="button" className="icon-button" data-action="down" disabled={n === count} aria-label={t('acl.assign.down', { n })} onClick={() => onMove(1, 'down')}>
          <Icon name="down" />
        </button>
        <button type="button" className="icon-button danger" data-action="remove" aria-label={t('acl.assign.remove', { n })} onClick={onRemove}>
          <Icon name="trash" />
        </button>
      </div>

      <fieldset className="acl-scope">
        <legend className="acl-field-label">{t('acl.scope')}</legend>
        {(['subtree', 'base'] as const).map((scope) => (
          <div key={scope} className="acl-radio">
            <input type="radio" id={`${id}-scope-${scope}`} name={`${id}-scope`} value={scope} checked={item.scope === scope} aria-describedby={`${hints}-${scope}`} onChange={() => set({ scope })} />
            <span>
              <label htmlFor={`${id}-scope-${scope}`} className="acl-radio-label">
                {t(`acl.scope.${scope}`)}
              </label>
              <span id={`${hints}-${scope}`} className="field-hint">
                {t(`acl.scope.${scope}Hint`)}
              </span>
            </span>
          </div>
        ))}
      </fieldset>

      <div className="acl-field">
        <label htmlFor={`${id}-role`} className="acl-field-label">
          {t('acl.assign.role')}
          <span className="required-mark" aria-hidden="true">
            *
          </span>
        </label>
        <ObjectPicker
          id={`${id}-role`}
          label={t('acl.assign.role')}
          types={['aclRole']}
          values={item.role ? [item.role] : []}
          multi={false}
          onChange={(v) => set({ role: v[0] ?? '' })}
          readOnly={false}
          required
          invalid={false}
          describedBy={undefined}
        />
      </div>

      <div className="acl-field">
        <span className="acl-field-label" id={`${id}-members-label`}>
          {t('acl.assign.members')}
        </span>
        <label className="acl-check">
          <input type="checkbox" checked={all} aria-describedby={`${hints}-all`} onChange={(e) => onAllUsers(e.target.checked)} />
          {t('acl.assign.allUsers')}
        </label>
        <p id={`${hints}-all`} className="field-hint">
          {t('acl.assign.allUsersHint')}
        </p>
        {!all && (
          <>
            <label htmlFor={`${id}-members`} className="visually-hidden">
              {t('acl.assign.membersPick')}
            </label>
            <ObjectPicker
              id={`${id}-members`}
              label={t('acl.assign.members')}
              types={MEMBER_TYPES}
              values={item.members.filter((m) => m !== ALL_USERS)}
              multi
              onChange={(members) => set({ members })}
              readOnly={false}
              required={false}
              invalid={false}
              describedBy={`${hints}-members`}
            />
            <p id={`${hints}-members`} className="field-hint">
              {t('acl.assign.membersHint')}
            </p>
          </>
        )}
      </div>

      <div className="acl-field">
        <label htmlFor={`${id}-userfilter`} className="acl-field-label">
          {t('acl.assign.userFilter')}
        </label>
        <input
          id={`${id}-userfilter`}
          className="input code"
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={item.userfilter}
          placeholder="(objectClass=inetOrgPerson)"
          aria-describedby={`${hints}-uf`}
          onChange={(e) => set({ userfilter: e.target.value })}
        />
        <p id={`${hints}-uf`} className="field-hint">
          {t('acl.assign.userFilterHint')}
        </p>
      </div>

      <div className="acl-field">
        <label htmlFor={`${id}-targetfilter`} className="acl-field-label">
          {t('acl.assign.targetFilter')}
        </label>
        <input
          id={`${id}-targetfilter`}
          className="input code"
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={item.targetfilter}
          placeholder="(departmentNumber=%departmentNumber%)"
          aria-describedby={`${hints}-tf`}
          onChange={(e) => set({ targetfilter: e.target.value })}
        />
        <p id={`${hints}-tf`} className="field-hint">
          {t('acl.assign.targetFilterHint')}
        </p>
      </div>
    </fieldset>
  );
}

/** Names of members, their DN on hover and for screen readers. */
export function MemberNames({ members }: { members: string[] }) {
  const t = useT();
  return (
    <ul className="acl-members">
      {members.map((m) => (
        <li key={m} title={m}>
          {m === ALL_USERS ? (
            t('acl.assign.allUsers')
          ) : (
            <>
              {nameOf(m)}
              <span className="visually-hidden"> ({m})</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
