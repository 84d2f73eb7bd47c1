// The organisation chart's shape, computed here rather than by a graph library: the structures as a forest (each
// drawn once, under its first parent by name; its other parents as extra links), laid out left to right in layers
// (depth → column, leaves stacked, a parent centred on its children), and the search over names, codes, descriptions.
import type { UiStructureNode, UiStructuresAnswer } from './contract.ts';

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 58;
const GAP_X = 56;
const GAP_Y = 18;
const MARGIN = 16;

export interface ChartNode {
  /** The entry's DN (unique, unlike codes an entry may share). */
  id: string;
  structure: UiStructureNode;
  children: ChartNode[];
  parent: ChartNode | null;
  depth: number;
  /** Top-left corner in the chart's own units. */
  x: number;
  y: number;
  /** On a cycle of parents, or naming a parent no structure has (the problems list says which). */
  problem: boolean;
}

export interface ChartLink {
  from: ChartNode;
  to: ChartNode;
  /** A link of the drawn tree; false: one more parent of a structure drawn elsewhere. */
  tree: boolean;
}

export interface ChartLayout {
  roots: ChartNode[];
  /** Every node, depth-first in drawing order (the tree view's order). */
  nodes: ChartNode[];
  links: ChartLink[];
  width: number;
  height: number;
}

const key = (code: string) => code.toLowerCase();
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byName = (a: ChartNode, b: ChartNode) => collator.compare(a.structure.name, b.structure.name) || collator.compare(a.structure.code, b.structure.code);

/**
 * The forest of the structures and its layout.
 * @example const layout = layoutChart(answer); layout.nodes[0].x // 16
 */
export function layoutChart(answer: UiStructuresAnswer): ChartLayout {
  const flagged = new Set([...answer.problems.cycles.flat(), ...answer.problems.dangling.map((d) => d.code)].map(key));
  const nodes = answer.nodes.map((structure): ChartNode => ({ id: structure.dn, structure, children: [], parent: null, depth: 0, x: 0, y: 0, problem: flagged.has(key(structure.code)) }));
  // A code names the first entry having it (the server reports codes given twice).
  const byCode = new Map<string, ChartNode>();
  for (const n of nodes) if (!byCode.has(key(n.structure.code))) byCode.set(key(n.structure.code), n);
  const parentsOf = new Map<ChartNode, ChartNode[]>();
  const childrenOf = new Map<ChartNode, ChartNode[]>();
  for (const n of nodes) {
    const parents = [...new Set(n.structure.parents.map((p) => byCode.get(key(p))).filter((p): p is ChartNode => p !== undefined))];
    parentsOf.set(n, parents);
    for (const p of parents) childrenOf.set(p, [...(childrenOf.get(p) ?? []), n]);
  }
  const placed = new Set<ChartNode>();
  const roots: ChartNode[] = [];
  const links: ChartLink[] = [];
  const grow = (root: ChartNode) => {
    roots.push(root);
    placed.add(root);
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i]!;
      for (const child of [...(childrenOf.get(n) ?? [])].sort(byName)) {
        if (placed.has(child)) continue;
        placed.add(child);
        child.parent = n;
        child.depth = n.depth + 1;
        n.children.push(child);
        queue.push(child);
      }
    }
  };
  for (const n of nodes.filter((x) => (parentsOf.get(x) ?? []).length === 0).sort(byName)) grow(n);
  // Structures only reachable through a cycle: the cycle is entered at its first structure by name.
  for (;;) {
    const rest = nodes.filter((n) => !placed.has(n)).sort(byName);
    if (rest.length === 0) break;
    grow(rest[0]!);
  }
  for (const n of nodes) for (const p of parentsOf.get(n) ?? []) links.push({ from: p, to: n, tree: n.parent === p });

  const ordered: ChartNode[] = [];
  let slot = 0;
  let maxDepth = 0;
  const place = (n: ChartNode): void => {
    ordered.push(n);
    maxDepth = Math.max(maxDepth, n.depth);
    n.x = MARGIN + n.depth * (NODE_WIDTH + GAP_X);
    if (n.children.length === 0) {
      n.y = MARGIN + slot++ * (NODE_HEIGHT + GAP_Y);
      return;
    }
    for (const c of n.children) place(c);
    n.y = (n.children[0]!.y + n.children[n.children.length - 1]!.y) / 2;
  };
  // Iterative for very deep chains would be kinder to the stack; organisations are a few levels deep, and a chain of
  // thousands is already a problem the list reports.
  for (const r of roots) place(r);
  return {
    roots,
    nodes: ordered,
    links,
    width: nodes.length === 0 ? 0 : MARGIN * 2 + (maxDepth + 1) * NODE_WIDTH + maxDepth * GAP_X,
    height: nodes.length === 0 ? 0 : MARGIN * 2 + slot * NODE_HEIGHT + Math.max(0, slot - 1) * GAP_Y,
  };
}

/** Text folded for searching: case and accents ignored. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The nodes a search matches (name, code or description), in drawing order; none for an empty search. */
export function searchNodes(layout: ChartLayout, query: string): ChartNode[] {
  const q = fold(query.trim());
  if (q === '') return [];
  return layout.nodes.filter((n) => [n.structure.name, n.structure.code, n.structure.description ?? ''].some((t) => fold(t).includes(q)));
}

/** The nodes above a node, nearest first. */
export function ancestorsOf(node: ChartNode): ChartNode[] {
  const out: ChartNode[] = [];
  for (let p = node.parent; p; p = p.parent) out.push(p);
  return out;
}

/** The path of a link: a horizontal S-curve from the right side of `from` to the left side of `to`. */
export function linkPath(link: ChartLink): string {
  const { from, to } = link;
  const x1 = from.x + NODE_WIDTH;
  const y1 = from.y + NODE_HEIGHT / 2;
  // Another parent in the same column: a loop on the right, from side to side.
  if (to.x === from.x) {
    const out = x1 + GAP_X / 2;
    const y2 = to.y + NODE_HEIGHT / 2;
    return `M${x1},${y1} C${out},${y1} ${out},${y2} ${x1},${y2}`;
  }
  // Back to a column on the left (a cycle closing, a parent drawn deeper): under the boxes, bottom to bottom.
  if (to.x < from.x) {
    const low = Math.max(from.y, to.y) + NODE_HEIGHT + GAP_Y * 0.8;
    const a = from.x + NODE_WIDTH / 2;
    const b = to.x + NODE_WIDTH / 2;
    return `M${a},${from.y + NODE_HEIGHT} C${a},${low} ${b},${low} ${b},${to.y + NODE_HEIGHT}`;
  }
  const x2 = to.x;
  const y2 = to.y + NODE_HEIGHT / 2;
  const mid = (x1 + x2) / 2;
  return `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
}
