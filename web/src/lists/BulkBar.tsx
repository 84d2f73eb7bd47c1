// The bar of actions on the selected rows: how many are selected, delete, lock/unlock, apply template, export CSV.
import type { ListDefinition, ListRow } from '../api/contract.ts';
import { useI18n } from '../i18n/index.tsx';
import { Icon } from '../components/Icon.tsx';
import { plural } from './format.ts';
import type { BulkRunner } from './useBulk.tsx';

export interface BulkBarProps {
  def: ListDefinition;
  selection: ReadonlyMap<string, ListRow>;
  runner: BulkRunner;
  onClear(): void;
  /** The CSV export of the list as filtered (and of the selection when there is one). */
  exportHref: string;
}

export function BulkBar({ def, selection, runner, onClear, exportHref }: BulkBarProps) {
  const { t, lang } = useI18n();
  const n = selection.size;
  const rows = () => [...selection.values()];
  const has = (a: ListDefinition['actions'][number]) => def.actions.includes(a);
  const off = !n || runner.busy;
  return (
    <div className="bulk-bar" role="group" aria-label={t('lists.bulkActions')}>
      <span className={`bulk-count ${n ? 'has-selection' : ''}`}>{n ? plural(t, lang, 'lists.selected', n) : t('lists.noneSelected')}</span>
      {n > 0 && (
        <button type="button" className="icon-button bulk-clear" aria-label={t('lists.clearSelection')} title={t('lists.clearSelection')} onClick={onClear}>
          <Icon name="close" />
        </button>
      )}
      {has('delete') && (
        <button type="button" className="button small" disabled={off} onClick={() => runner.request('delete', rows())}>
          <Icon name="trash" />
          {t('lists.delete')}
        </button>
      )}
      {has('lock') && (
        <button type="button" className="button small" disabled={off} onClick={() => runner.request('lock', rows())}>
          <Icon name="lock" />
          {t('lists.lock')}
        </button>
      )}
      {has('unlock') && (
        <button type="button" className="button small" disabled={off} onClick={() => runner.request('unlock', rows())}>
          <Icon name="unlock" />
          {t('lists.unlock')}
        </button>
      )}
      {has('applyTemplate') && def.types.some((ty) => ty.templates) && (
        <button type="button" className="button small" disabled={off} onClick={() => runner.request('applyTemplate', rows())}>
          <Icon name="template" />
          {t('lists.applyTemplateButton')}
        </button>
      )}
      {has('exportCsv') && (
        <a className="button small" href={exportHref} download>
          <Icon name="download" />
          {n ? t('lists.exportSelection') : t('lists.exportAll')}
        </a>
      )}
      <span role="status" className="bulk-status">
        {runner.busy ? t('lists.working') : runner.status}
      </span>
    </div>
  );
}
