// "Preview for a user…" in the mail template's editor: the draft subject, body and signature rendered with a chosen
// user's entry by the server (POST /mailTemplates/preview), with the placeholders that user has no value for.
import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { EditorExtraProps } from '../editor/editorExtras.ts';
import { ObjectPicker } from '../editor/widgets/ObjectPicker.tsx';
import { useT } from '../i18n/index.tsx';
import type { MailPreviewAnswer, MailPreviewRequest } from './contract.ts';
import './tasks.css';

/** A draft value among every tab's (the attribute names are FusionDirectory's). */
function valueOf(values: EditorExtraProps['values'], name: string): unknown {
  for (const tab of Object.values(values)) if (tab && name in tab) return tab[name];
  return undefined;
}

const textOf = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** The draft as the preview request's template. */
export function templateOfDraft(values: EditorExtraProps['values']): NonNullable<MailPreviewRequest['template']> {
  const receipt = valueOf(values, 'fdMailTemplateReadReceipt');
  return {
    subject: textOf(valueOf(values, 'fdMailTemplateSubject')),
    body: textOf(valueOf(values, 'fdMailTemplateBody')),
    signature: textOf(valueOf(values, 'fdMailTemplateSignature')),
    readReceipt: receipt === true || receipt === 'TRUE',
  };
}

export function MailPreview({ values }: EditorExtraProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [user, setUser] = useState<string[]>([]);
  const [answer, setAnswer] = useState<MailPreviewAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const panelId = useId();
  const pickerId = useId();
  const attachments = valueOf(values, 'attachments');
  const files = Array.isArray(attachments) ? attachments.map((f) => (f as { name?: string }).name ?? '').filter(Boolean) : [];

  const show = async () => {
    if (user.length === 0) return;
    setLoading(true);
    setError(null);
    try {
      setAnswer(await api<MailPreviewAnswer>('/mailTemplates/preview', { method: 'POST', body: { template: templateOfDraft(values), user: user[0]! } satisfies MailPreviewRequest }));
    } catch (e) {
      setAnswer(null);
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <section className="mail-preview" aria-label={t('tasks.preview.title')}>
      <button type="button" className="button small" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        {t('tasks.preview.open')}
      </button>
      <div id={panelId} hidden={!open} className="mail-preview-panel">
        <div className="mail-preview-user">
          <label htmlFor={pickerId}>{t('tasks.preview.user')}</label>
          <ObjectPicker id={pickerId} label={t('tasks.preview.user')} types={['user']} values={user} multi={false} onChange={(v) => setUser(v.slice(-1))} readOnly={false} required={false} invalid={false} describedBy={undefined} />
          <button type="button" className="button primary small" disabled={user.length === 0 || loading} onClick={() => void show()}>
            {t('tasks.preview.show')}
          </button>
        </div>
        {error !== null && <ErrorMessage error={error} title={t('tasks.preview.failed')} />}
        {answer && (
          <div className="mail-preview-result" aria-live="polite">
            <dl>
              <dt>{t('tasks.preview.subject')}</dt>
              <dd className="mail-preview-subject">{answer.subject}</dd>
              {answer.readReceipt && (
                <>
                  <dt>{t('tasks.preview.receipt')}</dt>
                  <dd>{t('tasks.yes')}</dd>
                </>
              )}
              {files.length > 0 && (
                <>
                  <dt>{t('tasks.preview.attachments')}</dt>
                  <dd>{files.join(', ')}</dd>
                </>
              )}
            </dl>
            <pre className="mail-preview-text">{answer.text}</pre>
            {answer.missing.length > 0 && (
              <p className="mail-preview-missing" role="note">
                {t('tasks.preview.missing', { names: answer.missing.join(', ') })}
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
