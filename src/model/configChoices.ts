// The choices of a select filled from a configuration key (`choicesFromConfig`): whole values, or values packing a
// code and its label as FusionDirectory stores them (`type;Label`, `RESOURCE:Label`, `N:STATE:substate`).
import type { Choice, ConfigChoices } from './declarations.ts';

/** The configuration key a `choicesFromConfig` source reads. */
export function configChoicesKey(source: string | ConfigChoices): string {
  return typeof source === 'string' ? source : source.key;
}

/**
 * The choices of a `choicesFromConfig` source, given the values of a configuration key (built-in choices first,
 * then the configured ones in their order, each value once).
 * @example configChoices({ key: 'fdSupannCMSTypes', separator: ';' }, () => ['etudiant;étudiant']) // [{ value: 'etudiant', label: 'étudiant' }]
 */
export function configChoices(source: string | ConfigChoices, list: (key: string) => string[]): Choice[] {
  if (typeof source === 'string') return list(source).map((v) => ({ value: v, label: v }));
  const configured = [source.key, ...(source.moreKeys ?? [])].flatMap((key) => list(key));
  const values = configured.length > 0 ? configured : (source.default ?? []);
  const out: Choice[] = [...(source.builtIn ?? [])];
  const seen = new Set(out.map((c) => c.value));
  for (const raw of values) {
    let value = raw;
    let label = raw;
    if (source.separator) {
      const fields = raw.split(source.separator);
      const valueField = source.valueField ?? 0;
      value = fields[valueField] ?? '';
      label = fields[source.labelField ?? valueField + 1] ?? value;
      // A label may itself contain the separator ("visiteur;visiteur, anonyme" has none, "a;b;c" keeps "b;c").
      if (source.labelField === undefined && valueField + 1 < fields.length) label = fields.slice(valueField + 1).join(source.separator);
    }
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    out.push({ value, label: label || value });
  }
  return out;
}
