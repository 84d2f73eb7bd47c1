// "What can this user do here" (/acl/explain?user=<dn>&dn=<dn>): a user and an entry chosen, the user's rights there as
// a matrix (objects × r w c d m, attributes on demand) with the rules giving each right, and every rule met on the way
// with why it counts or not, linked to the assignment and role editors. The address holds the question.
import { Fragment, useEffect, useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { AclExplanation, UiAclObjectRights, UiAclRuleExplanation } from '../api/contract.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Icon } from '../components/Icon.tsx';
import { useT, type Translate } from '../i18n/index.tsx';
import { Link, navigate, paths, useLocation } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { ObjectPicker } from '../editor/widgets/ObjectPicker.tsx';
import { nameOf } from '../editor/widgets/dnNames.ts';
import { MemberNames } from './AclAssignmentsWidget.tsx';
import { rightsText } from './AclRoleWidget.tsx';
import { explainPath, grantingRules, ruleAnchor } from './explain.ts';
import { ALL_OBJECTS, ATTRIBUTE_LETTERS, OBJECT_LETTERS } from './roleTemplate.ts';
import '../editor/editor.css';
import './acl.css';

export function AclExplainPage() {
  const t = useT();
  const session = useSignedIn();
  const { query } = useLocation();
  const user = query.get('user') || session.user.dn;
  const dn = (query.get('dn') ?? '').trim();
  const ids = useId();
  const [userDraft, setUserDraft] = useState(user);
  const [dnDraft, setDnDraft] = useState(dn);
  // Back and Forward change the question: the form follows.
  useEffect(() => {
    setUserDraft(user);
    setDnDraft(dn);
  }, [user, dn]);

  const explanation = useQuery({
    queryKey: ['acl', 'explain', user, dn],
    queryFn: ({ signal }) => api<AclExplanation>('/acl/explain', { query: { user, dn }, signal }),
    enabled: dn !== '',
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!userDraft || dnDraft.trim() === '') return;
    navigate(explainPath({ user: userDraft, dn: dnDraft.trim() }));
  };

  return (
    <div className="editor-page acl-explain">
      <h1 className="editor-title">{t('acl.explain.title')}</h1>
      <p className="muted acl-intro">{t('acl.explain.intro')}</p>
      <form className="acl-explain-form" onSubmit={submit} aria-label={t('acl.explain.formLabel')}>
        <div className="acl-field">
          <label htmlFor={`${ids}-user`} className="acl-field-label">
            {t('acl.explain.user')}
          </label>
          <ObjectPicker
            id={`${ids}-user`}
            label={t('acl.explain.user')}
            types={['user']}
            values={userDraft ? [userDraft] : []}
            multi={false}
            onChange={(v) => setUserDraft(v[0] ?? '')}
            readOnly={false}
            required
            invalid={false}
            describedBy={undefined}
          />
        </div>
        <div className="acl-field">
          <label htmlFor={`${ids}-dn`} className="acl-field-label">
            {t('acl.explain.dn')}
          </label>
          <input
            id={`${ids}-dn`}
            className="input code acl-dn-input"
            type="text"
            spellCheck={false}
            autoComplete="off"
            required
            value={dnDraft}
            placeholder={session.baseDN}
            aria-describedby={`${ids}-dn-hint`}
            onChange={(e) => setDnDraft(e.target.value)}
          />
          <p id={`${ids}-dn-hint`} className="field-hint">
            {t('acl.explain.dnHint')}
          </p>
        </div>
        <div className="acl-explain-actions">
          <button type="submit" className="button primary" disabled={!userDraft || dnDraft.trim() === ''}>
            {t('acl.explain.submit')}
          </button>
        </div>
      </form>

      {dn === '' ? null : explanation.error ? (
        <ErrorMessage error={explanation.error} title={t('acl.explain.failed')} />
      ) : !explanation.data ? (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      ) : (
        <ExplanationView explanation={explanation.data} />
      )}
    </div>
  );
}

function ExplanationView({ explanation }: { explanation: AclExplanation }) {
  const t = useT();
  const labels = new Map(explanation.objects.map((o) => [o.object, o.label]));
  const objectName = (o: string) => (o === ALL_OBJECTS ? t('acl.role.allObjects') : (labels.get(o) ?? o));
  const attributeName = (o: string, a: string) => explanation.objects.find((x) => x.object === o)?.attributes.find((x) => x.name === a)?.label ?? a;
  const withRights = explanation.objects.filter((o) => o.rights !== '' || o.attributes.some((a) => a.rights !== '')).length;
  return (
    <section className="acl-answer" aria-labelledby="acl-answer-title">
      <h2 id="acl-answer-title" className="acl-answer-title">
        {t('acl.explain.answerTitle', { user: nameOf(explanation.user), entry: nameOf(explanation.dn) })}
      </h2>
      <dl className="acl-facts">
        <dt>{t('acl.explain.user')}</dt>
        <dd>
          <Link to={paths.object('user', explanation.user)}>{nameOf(explanation.user)}</Link> <code className="dn">{explanation.user}</code>
        </dd>
        <dt>{t('acl.explain.dn')}</dt>
        <dd>
          <code className="dn">{explanation.dn}</code>
        </dd>
        <dt>{t('acl.explain.types')}</dt>
        <dd>{explanation.types.length > 0 ? explanation.types.map((x) => <code key={x} className="acl-id">{x}</code>) : t('acl.explain.noType')}</dd>
      </dl>
      {explanation.ignoreAcl && (
        <p className="notice acl-ignore" role="note">
          {t('acl.explain.ignoreAcl')}
        </p>
      )}
      {explanation.problems.length > 0 && (
        <div className="acl-problems" role="note">
          <p className="acl-problems-title">{t('acl.explain.problems')}</p>
          <ul>
            {explanation.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}

      <h3 className="acl-section-title">{t('acl.explain.rightsTitle')}</h3>
      {explanation.objects.length === 0 ? (
        <p className="muted">{t('acl.explain.noObjects')}</p>
      ) : (
        <>
          <p className="muted">{withRights === 0 && !explanation.ignoreAcl ? t('acl.explain.nothing') : t('acl.explain.rightsHint')}</p>
          <RightsMatrix explanation={explanation} />
        </>
      )}

      <h3 className="acl-section-title">{t('acl.explain.rulesTitle')}</h3>
      {explanation.rules.length === 0 ? (
        <p className="muted">{t('acl.explain.noRules')}</p>
      ) : (
        <ol className="acl-rules">
          {explanation.rules.map((rule, i) => (
            <RuleView key={`${rule.assignment}#${rule.index}`} rule={rule} position={i} user={explanation.user} objectName={objectName} attributeName={attributeName} />
          ))}
        </ol>
      )}
    </section>
  );
}

function RightsMatrix({ explanation }: { explanation: AclExplanation }) {
  const t = useT();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  return (
    <div className="acl-grid-wrap">
      <table className="acl-grid acl-matrix">
        <caption className="visually-hidden">{t('acl.explain.matrixCaption', { user: nameOf(explanation.user), entry: nameOf(explanation.dn) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('acl.role.object')}</th>
            {OBJECT_LETTERS.map((l) => (
              <th key={l} scope="col">
                {t(`acl.right.${l}`)}
              </th>
            ))}
            <th scope="col">{t('acl.role.attributes')}</th>
          </tr>
        </thead>
        <tbody>
          {explanation.objects.map((o) => (
            <ObjectRightsRows key={o.object} explanation={explanation} object={o} open={open[o.object] ?? false} onToggle={() => setOpen((x) => ({ ...x, [o.object]: !(x[o.object] ?? false) }))} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ObjectRightsRows({ explanation, object, open, onToggle }: { explanation: AclExplanation; object: UiAclObjectRights; open: boolean; onToggle(): void }) {
  const t = useT();
  const panelId = useId();
  const granted = object.attributes.filter((a) => a.rights !== '').length;
  return (
    <Fragment>
      <tr className={object.rights !== '' ? 'has-rights' : undefined}>
        <th scope="row">
          <span className="acl-object-label">{object.label}</span> <code className="acl-id">{object.object}</code>
        </th>
        {OBJECT_LETTERS.map((l) => (
          <td key={l}>
            <RightCell granted={object.rights.includes(l)} rules={grantingRules(explanation, object.object, null, l)} ignoreAcl={explanation.ignoreAcl} />
          </td>
        ))}
        <td>
          {object.attributes.length > 0 && (
            <button type="button" className="button small" aria-expanded={open} aria-controls={panelId} onClick={onToggle}>
              <Icon name={open ? 'chevronDown' : 'chevronRight'} />
              {t('acl.explain.attributesCount', { count: granted, total: object.attributes.length })}
              <span className="visually-hidden"> {t('acl.role.ofObject', { object: object.label })}</span>
            </button>
          )}
        </td>
      </tr>
      {object.attributes.length > 0 && (
        <tr id={panelId} hidden={!open} className="acl-attributes-row">
          <td colSpan={OBJECT_LETTERS.length + 2}>
            {open && (
              <table className="acl-grid acl-matrix-attributes">
                <caption>{t('acl.role.attributesOf', { object: object.label })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('acl.explain.attribute')}</th>
                    {ATTRIBUTE_LETTERS.map((l) => (
                      <th key={l} scope="col">
                        {t(`acl.right.${l}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {object.attributes.map((a) => (
                    <tr key={a.name} className={a.rights !== '' ? 'has-rights' : undefined}>
                      <th scope="row">
                        {a.label} <code className="acl-id">{a.name}</code>
                      </th>
                      {ATTRIBUTE_LETTERS.map((l) => (
                        <td key={l}>
                          <RightCell granted={a.rights.includes(l)} rules={grantingRules(explanation, object.object, a.name, l)} ignoreAcl={explanation.ignoreAcl} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** ✓ with the numbers of the rules that give the right (links to them), or — when it is not given. */
function RightCell({ granted, rules, ignoreAcl }: { granted: boolean; rules: number[]; ignoreAcl: boolean }) {
  const t = useT();
  if (!granted) {
    return (
      <span className="acl-no">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('acl.explain.notGranted')}</span>
      </span>
    );
  }
  return (
    <span className="acl-yes">
      <Icon name="check" size={16} />
      <span className="visually-hidden">{t('acl.explain.granted')}</span>
      {ignoreAcl ? (
        <span className="acl-by">{t('acl.explain.byIgnoreAcl')}</span>
      ) : (
        rules.length > 0 && (
          <span className="acl-by">
            {rules.map((r) => (
              <a key={r} href={`#${ruleAnchor(r)}`} className="acl-rule-ref" aria-label={t('acl.explain.byRule', { n: r + 1 })}>
                {r + 1}
              </a>
            ))}
          </span>
        )
      )}
    </span>
  );
}

function statusText(rule: UiAclRuleExplanation, t: Translate): string {
  return t(`acl.status.${rule.status}`);
}

/** How the user is a member of a rule: as every user, by name, or through a group or role. */
function matchText(matchedBy: string, user: string, t: Translate): string {
  if (matchedBy === '*') return t('acl.explain.matchedAll');
  if (matchedBy.toLowerCase() === user.toLowerCase()) return t('acl.explain.matchedSelf');
  return t('acl.explain.matchedBy', { name: nameOf(matchedBy) });
}

interface RuleViewProps {
  rule: UiAclRuleExplanation;
  position: number;
  user: string;
  objectName(o: string): string;
  attributeName(o: string, attribute: string): string;
}

function RuleView({ rule, position, user, objectName, attributeName }: RuleViewProps) {
  const t = useT();
  const applies = rule.status === 'applies';
  const grants = Object.entries(rule.grants).filter(([, r]) => Object.values(r).some((p) => p !== ''));
  return (
    <li id={ruleAnchor(position)} tabIndex={-1} className={`acl-rule ${applies ? 'applies' : 'skipped'}`}>
      <div className="acl-rule-head">
        <span className="acl-rule-number">{t('acl.explain.rule', { n: position + 1 })}</span>
        <span className={`acl-status status-${rule.status}`}>
          <Icon name={applies ? 'check' : 'close'} size={14} />
          {statusText(rule, t)}
        </span>
      </div>
      <dl className="acl-facts">
        <dt>{t('acl.assign.role')}</dt>
        <dd>
          <Link to={paths.object('aclRole', rule.role)}>{rule.roleName ?? nameOf(rule.role)}</Link>
        </dd>
        <dt>{t('acl.explain.givenOn')}</dt>
        <dd>
          <Link to={paths.object('aclAssignment', rule.assignment, 'aclAssignment')}>{nameOf(rule.assignment)}</Link> <code className="dn">{rule.assignment}</code>{' '}
          <span className="muted">{t('acl.explain.assignmentNumber', { n: rule.index + 1 })}</span>
        </dd>
        <dt>{t('acl.scope')}</dt>
        <dd>{t(rule.scope === 'base' ? 'acl.scope.base' : 'acl.scope.subtree')}</dd>
        <dt>{t('acl.assign.members')}</dt>
        <dd>
          {rule.members.length > 0 ? <MemberNames members={rule.members} /> : t('editor.none')}
          {rule.matchedBy && <p className="field-hint">{matchText(rule.matchedBy, user, t)}</p>}
        </dd>
        {rule.userfilter && (
          <>
            <dt>{t('acl.assign.userFilter')}</dt>
            <dd>
              <code className="acl-code">{rule.userfilter}</code>
            </dd>
          </>
        )}
        {rule.targetfilter && (
          <>
            <dt>{t('acl.assign.targetFilter')}</dt>
            <dd>
              <code className="acl-code">{rule.targetfilter}</code>
            </dd>
          </>
        )}
        {grants.length > 0 && (
          <>
            <dt>{applies ? t('acl.explain.grants') : t('acl.explain.wouldGrant')}</dt>
            <dd>
              <ul className="acl-grants">
                {grants.map(([o, r]) => (
                  <li key={o}>
                    <span className="acl-object-label">{objectName(o)}</span>
                    {': '}
                    {[
                      ...(r['0'] ? [rightsText(r['0'], t)] : []),
                      ...Object.entries(r)
                        .filter(([k, p]) => k !== '0' && p !== '')
                        .map(([k, p]) => `${attributeName(o, k)} (${rightsText(p, t)})`),
                    ].join('; ')}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}
