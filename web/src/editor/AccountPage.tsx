// "My account": the signed-in user's own entry in the editor (only the tabs he may modify himself) and a password change.
import type { UiAttribute, UiTab } from '../api/contract.ts';
import { useT } from '../i18n/index.tsx';
import { useSignedIn } from '../session.tsx';
import { EditorPage } from './EditorPage.tsx';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';
import { SecondFactorsPanel } from '../account/SecondFactorsPanel.tsx';

const selfModifiable = (tab: UiTab) => tab.selfModify;
// The password changes through its own form, which asks for the current one.
const notThePassword = (_tab: UiTab, attribute: UiAttribute) => attribute.name.toLowerCase() !== 'userpassword';

export function AccountPage() {
  const t = useT();
  const session = useSignedIn();
  return (
    <div className="account-page">
      <h1 className="page-title">{t('account.title')}</h1>
      <EditorPage type="user" dn={session.user.dn} variant="account" tabFilter={selfModifiable} attributeFilter={notThePassword} />
      <PasswordChangeForm />
      <SecondFactorsPanel />
    </div>
  );
}
