// Type-specific extras of the object editor: components per object type, drawn in order under the editor's header (the
// mail template's "Preview for a user…", a user's security trail and second factors). They see the draft, so they can
// work on unsaved values.
import type { ComponentType } from 'react';
import { MailPreview } from '../tasks/MailPreview.tsx';
import { SecurityPanel } from '../audit/SecurityPanel.tsx';
import { UserSecondFactorsPanel } from '../account/UserSecondFactorsPanel.tsx';

export interface EditorExtraProps {
  /** The object's DN; null while it is being created. */
  dn: string | null;
  /** The draft values, by tab and attribute (what the form shows now, saved or not). */
  values: Record<string, Record<string, unknown> | undefined>;
}

/** By object type id: one component, or several drawn in order. */
export const editorExtras: Record<string, ComponentType<EditorExtraProps> | ComponentType<EditorExtraProps>[]> = {
  mailTemplate: MailPreview,
  user: [SecurityPanel, UserSecondFactorsPanel],
};

/** The extras of a type, as a list. */
export function editorExtrasOf(type: string): ComponentType<EditorExtraProps>[] {
  const extras = editorExtras[type];
  return extras === undefined ? [] : Array.isArray(extras) ? extras : [extras];
}
