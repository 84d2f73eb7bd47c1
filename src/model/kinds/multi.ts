// Multi-valued kinds: sets (sorted, no duplicates), ordered lists (optionally `<i>:value` indexed) and DN lists.
import type { AttributeDecl, ScalarSpec } from '../declarations.ts';
import { type AttributeKind, type CheckContext, type Problem, type Value, ValueError } from './AttributeKind.ts';

type Scalar = (spec: ScalarSpec) => AttributeKind;

function itemDecl(decl: AttributeDecl, of: ScalarSpec): AttributeDecl {
  return { ...of, name: decl.name, label: decl.label } as AttributeDecl;
}

function listKind(scalarOf: Scalar, options: { sorted: boolean; indexed: (decl: AttributeDecl) => boolean; itemSpec: (decl: AttributeDecl) => ScalarSpec }): AttributeKind {
  const item = (decl: AttributeDecl) => {
    const spec = options.itemSpec(decl);
    return { kind: scalarOf(spec), decl: itemDecl(decl, spec) };
  };
  const asList = (value: Value): string[] => (Array.isArray(value) ? value : []);
  return {
    multiValued: true,
    binary: false,
    empty: () => [],
    decode: (values, decl) => {
      let list = values.map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
      if (options.indexed(decl)) {
        list = list
          .map((v) => {
            const m = /^(\d+):(.*)$/s.exec(v);
            return m ? { i: Number(m[1]), v: m[2]! } : { i: Number.MAX_SAFE_INTEGER, v };
          })
          .sort((a, b) => a.i - b.i)
          .map((x) => x.v);
      }
      const { kind, decl: d } = item(decl);
      const decoded = list.map((v) => String(kind.decode([v], d)));
      return options.sorted ? [...decoded].sort() : decoded;
    },
    encode: (value, decl) => {
      const { kind, decl: d } = item(decl);
      const values = asList(value).flatMap((v) => kind.encode(v, d) as string[]);
      return options.indexed(decl) ? values.map((v, i) => `${i}:${v}`) : options.sorted ? [...values].sort() : values;
    },
    fromJson: (input, decl) => {
      if (input === null || input === '') return [];
      const items = Array.isArray(input) ? input : [input];
      const { kind, decl: d } = item(decl);
      const values = items.map((v) => String(kind.fromJson(v, d))).filter((v) => v !== '');
      return options.sorted ? [...values].sort() : values;
    },
    toJson: (value) => asList(value),
    check: (value, decl, context: CheckContext) => {
      const { kind, decl: d } = item(decl);
      const problems: Problem[] = asList(value).flatMap((v) => kind.check(v, d, context));
      const seen = new Set<string>();
      for (const v of asList(value)) {
        const key = v.toLowerCase();
        if (seen.has(key)) problems.push({ code: 'value.duplicate', message: `"${v}" is given twice for "${decl.name}".` });
        seen.add(key);
      }
      return problems;
    },
    isEmpty: (value) => asList(value).length === 0,
    jsonSchema: (decl) => {
      const { kind, decl: d } = item(decl);
      return { type: 'array', items: kind.jsonSchema(d), ...(options.sorted ? { uniqueItems: true } : {}) };
    },
  };
}

export function setKind(scalarOf: Scalar): AttributeKind {
  return listKind(scalarOf, { sorted: true, indexed: () => false, itemSpec: (decl) => (decl.kind === 'set' ? decl.of : { kind: 'string' }) });
}

export function orderedListKind(scalarOf: Scalar): AttributeKind {
  return listKind(scalarOf, {
    sorted: false,
    indexed: (decl) => decl.kind === 'orderedList' && decl.indexed === true,
    itemSpec: (decl) => (decl.kind === 'orderedList' ? decl.of : { kind: 'string' }),
  });
}

export function dnsKind(scalarOf: Scalar): AttributeKind {
  return listKind(scalarOf, { sorted: false, indexed: () => false, itemSpec: () => ({ kind: 'dn' }) });
}

export { ValueError };
