// Composite values (FusionDirectory's CompositeAttribute): one LDAP value read by a regular expression into parts
// and written back from a template, each part checked by its own kind.
import type { AttributeDecl, CompositeSpec } from '../declarations.ts';
import { type AttributeKind, type Problem, type Value, ValueError } from './AttributeKind.ts';
import { anchored } from './text.ts';

type PartKind = (spec: CompositeSpec['parts'][number]['spec']) => AttributeKind;

/** `[key=value]…`: one or more bracketed pairs and nothing else. */
const BRACKETED = /^(?:\[[^=\][]+=.*?\])+$/s;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Split a composed value into its parts, or undefined when it does not have the composite's shape. */
export function readComposite(spec: CompositeSpec, value: string): Record<string, string> | undefined {
  if (spec.bracketed) {
    if (!BRACKETED.test(value)) return undefined;
    // FusionDirectory's reading: one expression per key, so the order does not matter.
    return Object.fromEntries(spec.parts.map((p) => [p.name, new RegExp(`\\[${escapeRegExp(p.name)}=(.+?)(?:\\]\\[|\\]$)`, 's').exec(value)?.[1] ?? '']));
  }
  const m = anchored(spec.read).exec(value);
  if (!m) return undefined;
  return Object.fromEntries(spec.parts.map((p, i) => [p.name, m[i + 1] ?? '']));
}

/** Compose a value from its parts (bracketed: in the parts' order, empty parts left out). */
export function writeComposite(spec: CompositeSpec, parts: Record<string, string>): string {
  if (spec.bracketed) return spec.parts.map((p) => (parts[p.name] ? `[${p.name}=${parts[p.name]}]` : '')).join('');
  return spec.write.replace(/\$\{(\w+)\}/g, (_, name: string) => parts[name] ?? '');
}

/** How a composite is written, for messages: its template, or its bracketed keys. */
export function compositeForm(spec: CompositeSpec): string {
  return spec.bracketed ? spec.parts.map((p) => `[${p.name}=…]`).join('') : spec.write;
}

export function compositeKind(partKind: PartKind): AttributeKind {
  const specOf = (decl: AttributeDecl): CompositeSpec => {
    if (decl.kind !== 'composite') throw new Error(`"${decl.name}" is not a composite`);
    return decl;
  };
  return {
    multiValued: false,
    binary: false,
    empty: () => '',
    decode: (values) => {
      const v = values[0];
      return v === undefined ? '' : typeof v === 'string' ? v : v.toString('utf8');
    },
    encode: (value) => (value === '' || value === null ? [] : [String(value)]),
    fromJson: (input, decl) => {
      if (input === null || input === '') return '';
      if (typeof input === 'string') return input;
      if (typeof input === 'object' && !Array.isArray(input)) {
        const spec = specOf(decl);
        const parts: Record<string, string> = {};
        for (const part of spec.parts) {
          const raw = (input as Record<string, unknown>)[part.name];
          parts[part.name] = raw === undefined || raw === null ? '' : String(partKind(part.spec).fromJson(raw, { ...part.spec, name: `${decl.name}.${part.name}`, label: decl.label } as AttributeDecl));
        }
        const unknown = Object.keys(input).filter((k) => !spec.parts.some((p) => p.name === k));
        if (unknown.length) throw new ValueError(`"${decl.name}" has no part ${unknown.map((k) => `"${k}"`).join(', ')}; its parts are ${spec.parts.map((p) => p.name).join(', ')}.`);
        return writeComposite(spec, parts);
      }
      throw new ValueError(`"${decl.name}" expects a string such as "${compositeForm(specOf(decl))}", or an object of its parts.`);
    },
    toJson: (value) => value,
    check: (value: Value, decl, context) => {
      const spec = specOf(decl);
      const parts = readComposite(spec, String(value));
      if (!parts) return [{ code: 'value.composite', message: `"${String(value)}" does not have the form of "${decl.name}" (${compositeForm(spec)}).` }];
      if (spec.bracketed && Object.values(parts).some((v) => v.includes(']['))) return [{ code: 'value.composite', message: `A part of "${decl.name}" cannot contain "][".` }];
      const problems: Problem[] = [];
      for (const part of spec.parts) {
        const v = parts[part.name] ?? '';
        const partDecl = { ...part.spec, name: `${decl.name}.${part.name}`, label: decl.label } as AttributeDecl;
        if (v === '') {
          if (!part.optional) problems.push({ code: 'value.required', message: `The part "${part.name}" of "${decl.name}" is empty.` });
          continue;
        }
        problems.push(...partKind(part.spec).check(partKind(part.spec).fromJson(v, partDecl), partDecl, context));
      }
      return problems;
    },
    isEmpty: (value) => value === '' || value === null,
    jsonSchema: (decl) => {
      const spec = specOf(decl);
      return spec.bracketed
        ? { type: 'string', pattern: '^(?:\\[[^=\\]\\[]+=.*?\\])+$', description: `Written ${compositeForm(spec)} (empty parts left out, any order on input)` }
        : { type: 'string', pattern: `^(?:${spec.read})$`, description: `Written ${spec.write}` };
    },
  };
}
