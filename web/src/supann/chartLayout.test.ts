import { describe, expect, it } from 'vitest';
import type { UiStructureNode, UiStructuresAnswer } from './contract.ts';
import { ancestorsOf, layoutChart, linkPath, NODE_HEIGHT, NODE_WIDTH, searchNodes } from './chartLayout.ts';

const node = (code: string, name: string, parents: string[] = [], extra: Partial<UiStructureNode> = {}): UiStructureNode => ({ dn: `supannCodeEntite=${code},ou=structures,dc=example,dc=org`, code, name, parents, type: 'entite', members: 0, ...extra });
const answer = (nodes: UiStructureNode[], problems: Partial<UiStructuresAnswer['problems']> = {}): UiStructuresAnswer => ({ nodes, edges: [], roots: [], problems: { cycles: [], dangling: [], duplicates: [], ...problems } });

describe('the organisation chart layout', () => {
  it('draws each structure once, under its first parent by name, children in name order, left to right', () => {
    const layout = layoutChart(
      answer([node('UNIV', 'Université', [], { type: 'etablissement' }), node('SCI', 'UFR Sciences', ['UNIV']), node('LAB', 'Laboratoire', ['SCI', 'univ']), node('ART', 'UFR Arts', ['UNIV'])]),
    );
    expect(layout.roots.map((r) => r.structure.code)).toEqual(['UNIV']);
    expect(layout.nodes.map((n) => n.structure.code)).toEqual(['UNIV', 'LAB', 'ART', 'SCI']);
    const [univ, lab, art, sci] = layout.nodes;
    // LAB is a child of UNIV (met first, breadth-first); its link to SCI is an extra one.
    expect(lab!.parent).toBe(univ);
    expect(layout.links.filter((l) => !l.tree).map((l) => [l.from.structure.code, l.to.structure.code])).toEqual([['SCI', 'LAB']]);
    expect([univ!.depth, lab!.depth, art!.depth, sci!.depth]).toEqual([0, 1, 1, 1]);
    expect(lab!.x).toBeGreaterThan(univ!.x + NODE_WIDTH);
    // Leaves stacked, the parent centred on them.
    expect(art!.y).toBeGreaterThan(lab!.y);
    expect(univ!.y).toBe((lab!.y + sci!.y) / 2);
    expect(layout.width).toBeGreaterThanOrEqual(sci!.x + NODE_WIDTH);
    expect(layout.height).toBeGreaterThanOrEqual(sci!.y + NODE_HEIGHT);
  });

  it('enters a cycle nobody above leads to at its first structure, and flags the structures of problems', () => {
    const layout = layoutChart(answer([node('A', 'Alpha', ['C']), node('B', 'Beta', ['A']), node('C', 'Gamma', ['B']), node('O', 'Orphan', ['GONE'])], { cycles: [['A', 'C', 'B']], dangling: [{ code: 'O', dn: 'x', parent: 'GONE' }] }));
    // True roots first, then the cycles' entries.
    expect(layout.roots.map((r) => r.structure.code)).toEqual(['O', 'A']);
    expect(layout.nodes.map((n) => n.structure.code)).toEqual(['O', 'A', 'B', 'C']);
    expect(layout.nodes.every((n) => n.problem)).toBe(true);
    // The link closing the cycle goes back to the left.
    const back = layout.links.find((l) => !l.tree)!;
    expect([back.from.structure.code, back.to.structure.code]).toEqual(['C', 'A']);
    expect(linkPath(back)).toMatch(/^M/);
  });

  it('finds structures by name, code or description, accents and case ignored', () => {
    const layout = layoutChart(answer([node('UNIV', 'Université'), node('DSI', 'Direction du numérique', ['UNIV'], { description: 'Réseaux et systèmes' })]));
    expect(searchNodes(layout, 'universite').map((n) => n.structure.code)).toEqual(['UNIV']);
    expect(searchNodes(layout, 'dsi').map((n) => n.structure.code)).toEqual(['DSI']);
    expect(searchNodes(layout, 'RESEAUX').map((n) => n.structure.code)).toEqual(['DSI']);
    expect(searchNodes(layout, '  ')).toEqual([]);
    expect(ancestorsOf(layout.nodes[1]!).map((n) => n.structure.code)).toEqual(['UNIV']);
  });
});
