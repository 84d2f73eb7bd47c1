// What each column kind (FusionDirectory's column classes, fd-core.md §9.3) shows in a row's cell.
import { memo } from 'react';
import type { ListColumn, ListRow, UiChoice } from '../api/contract.ts';
import type { Lang, Translate } from '../i18n/index.tsx';
import { Link, paths } from '../router.tsx';
import { typeIcon, type IconName } from '../components/Icon.tsx';
import { columnDate, formatDate } from './format.ts';

export type RowAction = 'delete' | 'lock' | 'unlock';

/** What cells need besides the row: labels, rights and what the per-row buttons do. Stable while scrolling. */
export interface CellContext {
  t: Translate;
  lang: Lang;
  typeLabel(type: string): string;
  /** The labels of a row's active tabs worth showing (not the always-active ones). */
  tabLabels(row: ListRow): string[];
  actions: ReadonlySet<string>;
  onAction(action: RowAction, row: ListRow): void;
  /** Whether the user may copy the row (create an object of its type in its department). */
  canCopy(row: ListRow): boolean;
}

/** A column's header: its own label, else its attributes' labels, else the kind's name. */
export function columnLabel(c: ListColumn, attributes: UiChoice[], t: Translate): string {
  if (c.label) return c.label;
  if (c.kind === 'ObjectTypeColumn') return t('lists.colType');
  if (c.kind === 'PropertiesColumn') return t('lists.colProperties');
  if (c.kind === 'ActionsColumn') return t('lists.colActions');
  const names = (c.attributes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Attribute labels may end with their LDAP name ("Last name (sn)"): a header needs only the words.
  const labels = names.map((n) => (attributes.find((a) => a.value.toLowerCase() === n.toLowerCase())?.label ?? n).replace(` (${n})`, ''));
  return labels.join(', ') || t(`lists.kind.${c.kind}`);
}

/** A column's width in the grid template, by kind. */
export function columnWidth(c: ListColumn): string {
  switch (c.kind) {
    case 'ObjectTypeColumn':
      return '2.5rem';
    case 'ActionsColumn':
      return '8.5rem';
    case 'PropertiesColumn':
      return 'minmax(8rem, 0.9fr)';
    case 'LdapGeneralizedTimeColumn':
    case 'UnixTimestampColumn':
    case 'EpochDaysColumn':
      return '10rem';
    default:
      return 'minmax(8rem, 1fr)';
  }
}

function DateValues({ kind, values, lang }: { kind: ListColumn['kind']; values: string[]; lang: Lang }) {
  return (
    <>
      {values
        .map((v) => {
          const d = columnDate(kind, v);
          return d ? formatDate(d.date, d.withTime, lang) : v;
        })
        .join(', ')}
    </>
  );
}

/**
 * The class drawing an icon in a row: a mask of the same icon as components/Icon.tsx (lists.css), on the element
 * itself (with `row-icon`) or before its content (with `row-icon-button`). Rows are drawn sixty at a time: an inline SVG
 * is two more elements and a dozen attributes to create, style, lay out and paint, for each icon of each row.
 */
function rowIcon(name: IconName): string {
  return `row-icon-${name}`;
}

export interface CellProps {
  column: ListColumn;
  values: string[];
  row: ListRow;
  /** The first link column carries the name fallback and the template / locked markers. */
  isFirstLink: boolean;
  ctx: CellContext;
}

export const Cell = memo(function Cell({ column, values, row, isFirstLink, ctx }: CellProps) {
  const { t } = ctx;
  switch (column.kind) {
    case 'ObjectTypeColumn': {
      const label = row.template ? t('lists.templateOf', { type: ctx.typeLabel(row.type) }) : ctx.typeLabel(row.type);
      return (
        <span className={`type-icon row-icon ${rowIcon(row.template ? 'template' : typeIcon(row.type))} ${row.template ? 'is-template' : ''}`} title={label}>
          <span className="visually-hidden">{label}</span>
        </span>
      );
    }
    case 'LinkColumn': {
      const text = values.join(', ') || (isFirstLink ? row.name : '');
      return (
        <>
          <Link to={paths.object(row.type, row.dn)} tabIndex={-1} className="cell-link">
            {text}
          </Link>
          {isFirstLink && row.template && <span className="list-badge badge-template">{t('lists.template')}</span>}
          {isFirstLink && row.locked && (
            <span className={`locked-mark row-icon ${rowIcon('lock')}`} title={t('lists.locked')}>
              <span className="visually-hidden">{t('lists.locked')}</span>
            </span>
          )}
        </>
      );
    }
    case 'PropertiesColumn': {
      const labels = ctx.tabLabels(row);
      return (
        <span className="badges" title={labels.join(', ')}>
          {labels.map((l) => (
            <span key={l} className="list-badge">
              {l}
            </span>
          ))}
        </span>
      );
    }
    case 'ActionsColumn': {
      // The cell itself lays the buttons out (lists.css): no wrapper.
      const canLock = row.locked !== undefined && !row.template;
      return (
        <>
          <Link
            to={paths.object(row.type, row.dn)}
            tabIndex={-1}
            className={`icon-button row-icon-button ${rowIcon('edit')}`}
            aria-label={t('lists.editRow', { name: row.name })}
            title={t('lists.edit')}
          />
          {ctx.canCopy(row) && (
            <Link
              to={paths.create(row.type, { copyOf: row.dn })}
              tabIndex={-1}
              className={`icon-button row-icon-button ${rowIcon('copy')}`}
              aria-label={t('lists.copyRow', { name: row.name })}
              title={t('lists.copy')}
            />
          )}
          {canLock && row.locked && ctx.actions.has('unlock') && (
            <button
              type="button"
              tabIndex={-1}
              className={`icon-button row-icon-button ${rowIcon('unlock')}`}
              aria-label={t('lists.unlockRow', { name: row.name })}
              title={t('lists.unlock')}
              onClick={() => ctx.onAction('unlock', row)}
            />
          )}
          {canLock && !row.locked && ctx.actions.has('lock') && (
            <button
              type="button"
              tabIndex={-1}
              className={`icon-button row-icon-button ${rowIcon('lock')}`}
              aria-label={t('lists.lockRow', { name: row.name })}
              title={t('lists.lock')}
              onClick={() => ctx.onAction('lock', row)}
            />
          )}
          {ctx.actions.has('delete') && row.canDelete !== false && (
            <button
              type="button"
              tabIndex={-1}
              className={`icon-button danger row-icon-button ${rowIcon('trash')}`}
              aria-label={t('lists.deleteRow', { name: row.name })}
              title={t('lists.delete')}
              onClick={() => ctx.onAction('delete', row)}
            />
          )}
        </>
      );
    }
    case 'LdapGeneralizedTimeColumn':
    case 'UnixTimestampColumn':
    case 'EpochDaysColumn':
      return <DateValues kind={column.kind} values={values} lang={ctx.lang} />;
    default:
      return <>{values.join(', ')}</>;
  }
});
