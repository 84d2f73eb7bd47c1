// The activation header of a switchable tab, in FusionDirectory's words: "Add/Remove <tab> settings", blocked
// (with the reason) while a tab it depends on is off, a conflicting tab is on, or a tab depending on it is on.
import { useId } from 'react';
import type { UiTab } from '../api/contract.ts';
import { useT } from '../i18n/index.tsx';

export interface TabActivationProps {
  tab: UiTab;
  /** The type's tabs shown in this editor, for dependencies and their names. */
  tabs: UiTab[];
  active: Record<string, boolean>;
  canToggle: boolean;
  onToggle(active: boolean): void;
}

export function TabActivation({ tab, tabs, active, canToggle, onToggle }: TabActivationProps) {
  const t = useT();
  const messageId = useId();
  const names = (ids: string[]) => ids.map((id) => tabs.find((x) => x.id === id)?.label ?? id).join(' / ');
  const isActive = active[tab.id] ?? false;
  let message: string;
  let blocked = false;
  if (isActive) {
    const dependents = tabs.filter((x) => x.id !== tab.id && x.dependsOn.includes(tab.id) && active[x.id]).map((x) => x.id);
    blocked = dependents.length > 0;
    message = blocked ? t('editor.tab.enabledBlocked', { tab: tab.label, others: names(dependents) }) : t('editor.tab.enabled', { tab: tab.label });
  } else {
    const missing = tab.dependsOn.filter((id) => !active[id]);
    const conflicts = tab.conflictsWith.filter((id) => active[id]);
    blocked = missing.length > 0 || conflicts.length > 0;
    message =
      missing.length > 0
        ? t('editor.tab.disabledNeeds', { tab: tab.label, others: names(missing) })
        : conflicts.length > 0
          ? t('editor.tab.disabledConflicts', { tab: tab.label, others: names(conflicts) })
          : t('editor.tab.disabled', { tab: tab.label });
  }
  return (
    <div className={`tab-activation ${isActive ? 'on' : 'off'}`}>
      <p id={messageId} className="tab-activation-text">
        {message}
        {!canToggle && <> {t('editor.tab.noRight')}</>}
      </p>
      {canToggle && (
        <button type="button" className={`button ${isActive ? '' : 'primary-outline'}`} disabled={blocked} aria-describedby={messageId} onClick={() => onToggle(!isActive)}>
          {isActive ? t('editor.tab.remove', { tab: tab.label }) : t('editor.tab.add', { tab: tab.label })}
        </button>
      )}
    </div>
  );
}
