// A value as short text (conflict comparison): choice labels, names of DNs, sizes of binary data, never passwords.
import type { UiAttribute } from '../api/contract.ts';
import type { Translate } from '../i18n/index.tsx';
import { widgetFor } from './widgets/registry.ts';
import { nameOf } from './widgets/dnNames.ts';
import { base64Size } from './widgets/fileToBase64.ts';

export function formatValue(attribute: UiAttribute, value: unknown, t: Translate): string {
  const entry = widgetFor(attribute);
  if (entry.display) return entry.display(value, t) || t('editor.empty');
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return t('editor.empty');
  if (attribute.kind === 'image' || attribute.kind === 'binary') return t('editor.bytes', { size: base64Size(String(value)) });
  if (typeof value === 'boolean') return value ? t('editor.yes') : t('editor.no');
  const one = (v: unknown): string => {
    if (typeof v !== 'string') return typeof v === 'number' ? String(v) : JSON.stringify(v);
    if (attribute.kind === 'select') return attribute.choices.find((c) => c.value === v)?.label ?? v;
    if (attribute.kind === 'dn' || attribute.kind === 'dns') return `${nameOf(v)} (${v})`;
    return v;
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}
