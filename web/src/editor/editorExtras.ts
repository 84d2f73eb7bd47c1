// Type-specific extras of the object editor: components per object type, drawn in order under the editor's header (the
// mail template's "Preview for a user…", a user's security trail and second factors). They see the draft, so they can
// work on unsaved values. Extras for every type whose description qualifies (snapshots) are in genericEditorExtras.
import type { ComponentType } from 'react';
import type { TypeDescription } from '../api/contract.ts';
import { MailPreview } from '../tasks/MailPreview.tsx';
import { SecurityPanel } from '../audit/SecurityPanel.tsx';
import { UserSecondFactorsPanel } from '../account/UserSecondFactorsPanel.tsx';
import { SnapshotsPanel } from '../snapshots/SnapshotsPanel.tsx';
import { supportsSnapshots } from '../snapshots/model.ts';

export interface EditorExtraProps {
  /** The object's DN; null while it is being created. */
  dn: string | null;
  /** The draft values, by tab and attribute (what the form shows now, saved or not). */
  values: Record<string, Record<string, unknown> | undefined>;
  /** The object's type, as GET /ui/api/types/:type describes it. */
  description: TypeDescription;
  /** The object's name as the editor's title shows it. */
  name: string;
  /** Read the object again, dropping the draft (its LDAP entry was replaced), then show `notice` in the editor. */
  reloadObject(notice: string): Promise<void>;
}

/** By object type id: one component, or several drawn in order. */
export const editorExtras: Record<string, ComponentType<EditorExtraProps> | ComponentType<EditorExtraProps>[]> = {
  mailTemplate: MailPreview,
  user: [SecurityPanel, UserSecondFactorsPanel],
};

/** Extras of every type whose description passes `applies`, drawn after the type's own. */
export const genericEditorExtras: Array<{ applies(description: TypeDescription): boolean; component: ComponentType<EditorExtraProps> }> = [
  { applies: supportsSnapshots, component: SnapshotsPanel },
];

/** The extras of a type, as a list: its own, then the generic ones that apply to its description (when given). */
export function editorExtrasOf(type: string, description?: TypeDescription): ComponentType<EditorExtraProps>[] {
  const extras = editorExtras[type];
  const own = extras === undefined ? [] : Array.isArray(extras) ? extras : [extras];
  return description ? [...own, ...genericEditorExtras.filter((g) => g.applies(description)).map((g) => g.component)] : own;
}
