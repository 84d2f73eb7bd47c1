// Type-specific extras of the object editor: a component per object type, drawn under the editor's header (the mail
// template's "Preview for a user…"). It sees the draft, so it can work on unsaved values.
import type { ComponentType } from 'react';
import { MailPreview } from '../tasks/MailPreview.tsx';
import { SecurityPanel } from '../audit/SecurityPanel.tsx';

export interface EditorExtraProps {
  /** The object's DN; null while it is being created. */
  dn: string | null;
  /** The draft values, by tab and attribute (what the form shows now, saved or not). */
  values: Record<string, Record<string, unknown> | undefined>;
}

/** By object type id. */
export const editorExtras: Record<string, ComponentType<EditorExtraProps>> = {
  mailTemplate: MailPreview,
  user: SecurityPanel,
};
