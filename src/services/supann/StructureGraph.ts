// The hierarchy of SupAnn structures (fd-plugins.md §3.8) for the organisation chart: every supannEntite entry read in
// one paged search, linked by supannCodeEntiteParent, what is wrong in it (cycles, parents no structure has, codes
// given twice) and how many users are assigned to each (supannEntiteAffectation), as far as the actor may read them.
import { and, eq, present } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { NoSuchObjectError } from '../../ldap/errors.ts';
import { matchEntry } from '../../model/matchEntry.ts';
import type { ObjectType, Registry } from '../../model/Registry.ts';
import type { AccessPolicy, Actor } from '../AccessPolicy.ts';

/** One structure as the search found it. */
export interface StructureRecord {
  dn: string;
  code: string;
  /** Codes of supannCodeEntiteParent, as stored. */
  parents: string[];
  /** The object type it is (`entite`, `etablissement`), if a registered one. */
  type?: string;
  /** `ou` of an entity, `o` of an establishment (the code when it has neither). */
  name: string;
  description?: string;
  /** supannTypeEntite, e.g. `{SUPANN}S230`. */
  typeEntite?: string;
}

export interface StructureNode extends StructureRecord {
  /** Users assigned to it (supannEntiteAffectation holds its code) that the actor may read. */
  members: number;
}

/** A link from a structure to one of its parents (both found). */
export interface StructureEdge {
  parent: string;
  child: string;
}

export interface StructureProblems {
  /** Each cycle of parents, as the codes met going up from its first code, back to it. */
  cycles: string[][];
  /** A parent code no structure has. */
  dangling: Array<{ code: string; dn: string; parent: string }>;
  /** A code several entries have: the parent links to it are ambiguous. */
  duplicates: Array<{ code: string; dns: string[] }>;
}

export interface StructureHierarchy {
  nodes: StructureNode[];
  edges: StructureEdge[];
  /** Codes of the structures without a (known) parent. */
  roots: string[];
  problems: StructureProblems;
}

/** Codes compare as the directory compares them (caseIgnoreIA5Match). */
const key = (code: string) => code.toLowerCase();

/** Strongly connected components of the parent relation (Tarjan), iteratively: a long chain must not exhaust the stack. */
function stronglyConnected(nodes: string[], next: (n: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = next(frame.node);
      if (frame.i < succ.length) {
        const w = succ[frame.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}

/** One cycle through a component, from its smallest code up the parents and back (breadth-first: the shortest). */
function cycleThrough(component: Set<string>, next: (n: string) => string[]): string[] {
  const start = [...component].sort()[0]!;
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    for (const up of next(n)) {
      if (!component.has(up)) continue;
      if (up === start) {
        const path = [n];
        for (let at = n; at !== start; ) path.push((at = from.get(at)!));
        return path.reverse();
      }
      if (!from.has(up)) {
        from.set(up, n);
        queue.push(up);
      }
    }
  }
  return [start];
}

/**
 * The links, roots and problems of a set of structures. Codes are matched case-insensitively; a code several entries
 * have is linked to the first of them (and reported).
 * @example analyseStructures([{ dn, code: 'A', parents: ['B'], name: 'A' }]).problems.dangling // [{ code: 'A', dn, parent: 'B' }]
 */
export function analyseStructures(records: StructureRecord[]): Omit<StructureHierarchy, 'nodes'> {
  const byCode = new Map<string, StructureRecord[]>();
  for (const r of records) {
    const list = byCode.get(key(r.code));
    if (list) list.push(r);
    else byCode.set(key(r.code), [r]);
  }
  const first = (code: string) => byCode.get(key(code))?.[0];
  const edges: StructureEdge[] = [];
  const dangling: StructureProblems['dangling'] = [];
  const up = new Map<string, string[]>();
  for (const [k, list] of byCode) {
    const r = list[0]!;
    const parents: string[] = [];
    for (const p of new Map(r.parents.map((p) => [key(p), p])).values()) {
      const parent = first(p);
      if (!parent) {
        dangling.push({ code: r.code, dn: r.dn, parent: p });
        continue;
      }
      edges.push({ parent: parent.code, child: r.code });
      parents.push(key(parent.code));
    }
    up.set(k, parents);
  }
  // The other entries with a duplicated code: their own dangling parents count too.
  for (const list of byCode.values()) for (const r of list.slice(1)) for (const p of r.parents) if (!first(p)) dangling.push({ code: r.code, dn: r.dn, parent: p });
  const next = (k: string) => up.get(k) ?? [];
  const cycles: string[][] = [];
  for (const component of stronglyConnected([...byCode.keys()].sort(), next)) {
    if (component.length === 1 && !next(component[0]!).includes(component[0]!)) continue;
    cycles.push(cycleThrough(new Set(component), next).map((k) => first(k)!.code));
  }
  cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
  const roots = [...byCode.entries()].filter(([k]) => next(k).length === 0).map(([, list]) => list[0]!.code);
  const duplicates = [...byCode.values()].filter((list) => list.length > 1).map((list) => ({ code: list[0]!.code, dns: list.map((r) => r.dn) }));
  return { edges, roots, problems: { cycles, dangling, duplicates } };
}

export interface StructureGraphOptions {
  gateway: LdapGateway;
  registry: Registry;
  access: AccessPolicy;
  baseDN: string;
}

/**
 * The organisation chart's data, read for an actor.
 * @example const hierarchy = await new StructureGraph({ gateway, registry, access, baseDN }).build(actor);
 */
export class StructureGraph {
  private readonly options: StructureGraphOptions;

  constructor(options: StructureGraphOptions) {
    this.options = options;
  }

  /** Whether the installed plugins declare structures at all (the supann plugin). */
  get available(): boolean {
    return this.structureTypes().length > 0;
  }

  private structureTypes(): ObjectType[] {
    return this.options.registry.allTypes().filter((t) => t.decl.filter.toLowerCase().includes('objectclass=supannentite'));
  }

  /** Every structure under `base` (default: the directory's base): one paged search. */
  async records(base = this.options.baseDN): Promise<StructureRecord[]> {
    const types = this.structureTypes();
    const out: StructureRecord[] = [];
    try {
      for await (const e of this.options.gateway.search(base, {
        filter: and(eq('objectClass', 'supannEntite'), present('supannCodeEntite')),
        attributes: ['objectClass', 'supannCodeEntite', 'supannCodeEntiteParent', 'ou', 'o', 'description', 'supannTypeEntite'],
      })) {
        const code = e.first('supannCodeEntite')!;
        const type = types.find((t) => matchEntry(t.filter, e))?.id;
        const description = e.first('description');
        const typeEntite = e.first('supannTypeEntite');
        out.push({
          dn: e.dn,
          code,
          parents: e.get('supannCodeEntiteParent'),
          ...(type ? { type } : {}),
          // An establishment's name is its o; an entity's its ou (an entry may have both: its type decides).
          name: (type === 'etablissement' ? (e.first('o') ?? e.first('ou')) : (e.first('ou') ?? e.first('o'))) ?? code,
          ...(description ? { description } : {}),
          ...(typeEntite ? { typeEntite } : {}),
        });
      }
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
    }
    return out;
  }

  /**
   * Users assigned to each code (lower-cased), counted from one paged search of the users having an assignment,
   * those the actor may read only.
   */
  async memberCounts(actor: Actor, base = this.options.baseDN): Promise<Map<string, number>> {
    const { access, registry } = this.options;
    const user = registry.type('user');
    const counts = new Map<string, number>();
    if (!user) return counts;
    const uniform = await access.uniformRights?.(actor);
    if (uniform !== undefined && !uniform.includes('r')) return counts;
    const readable = uniform === undefined && access.readableTest ? await access.readableTest(actor, user.aclCategory, user.mainTab.id) : undefined;
    try {
      for await (const e of this.options.gateway.search(base, { filter: and(user.filter, present('supannEntiteAffectation')), attributes: ['supannEntiteAffectation'] })) {
        if (uniform === undefined) {
          const allowed = readable ? readable.test(e.dn) : (await access.rights(actor, { dn: e.dn, category: user.aclCategory, tab: user.mainTab.id })).includes('r');
          if (!allowed) continue;
        }
        for (const code of new Set(e.get('supannEntiteAffectation').map(key))) counts.set(code, (counts.get(code) ?? 0) + 1);
      }
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
    }
    return counts;
  }

  /**
   * The hierarchy the actor may see: the structures whose entry he may read, the links between them, and the problems
   * among them (a cycle shown only when he may read each structure on it). The problems are found on every structure,
   * so a hidden parent is not taken for a missing one.
   */
  async build(actor: Actor, options: { base?: string } = {}): Promise<StructureHierarchy> {
    const { access, registry } = this.options;
    const [records, counts] = await Promise.all([this.records(options.base), this.memberCounts(actor, options.base)]);
    const uniform = await access.uniformRights?.(actor);
    const tests = new Map<string, { test(dn: string): boolean } | undefined>();
    const visible: StructureRecord[] = [];
    for (const r of records) {
      let allowed = uniform !== undefined ? uniform.includes('r') : false;
      const type = r.type ? registry.type(r.type) : undefined;
      if (uniform === undefined && type) {
        if (!tests.has(type.id)) tests.set(type.id, access.readableTest ? await access.readableTest(actor, type.aclCategory, type.mainTab.id) : undefined);
        const test = tests.get(type.id);
        allowed = test ? test.test(r.dn) : (await access.rights(actor, { dn: r.dn, category: type.aclCategory, tab: type.mainTab.id })).includes('r');
      }
      if (allowed) visible.push(r);
    }
    const all = analyseStructures(records);
    const seen = new Set(visible.map((r) => key(r.code)));
    const seenDn = new Set(visible.map((r) => r.dn.toLowerCase()));
    const edges = all.edges.filter((e) => seen.has(key(e.parent)) && seen.has(key(e.child)));
    const hasParent = new Set(edges.map((e) => key(e.child)));
    return {
      nodes: visible.map((r) => ({ ...r, members: counts.get(key(r.code)) ?? 0 })),
      edges,
      roots: visible.filter((r) => !hasParent.has(key(r.code))).map((r) => r.code),
      problems: {
        cycles: all.problems.cycles.filter((c) => c.every((code) => seen.has(key(code)))),
        dangling: all.problems.dangling.filter((d) => seenDn.has(d.dn.toLowerCase())),
        duplicates: all.problems.duplicates.map((d) => ({ code: d.code, dns: d.dns.filter((dn) => seenDn.has(dn.toLowerCase())) })).filter((d) => d.dns.length > 1),
      },
    };
  }
}
