import { describe, expect, it } from 'vitest';
import { analyseStructures, type StructureRecord } from './StructureGraph.ts';

const s = (code: string, parents: string[] = []): StructureRecord => ({ dn: `supannCodeEntite=${code},ou=structures,dc=example,dc=org`, code, parents, name: code });

describe('the analysis of structures', () => {
  it('links each structure to its parents, codes compared without case, and finds the roots', () => {
    const result = analyseStructures([s('UNIV'), s('UFR-SCI', ['univ']), s('LAB', ['UFR-SCI', 'UNIV'])]);
    expect(result.edges).toEqual([
      { parent: 'UNIV', child: 'UFR-SCI' },
      { parent: 'UFR-SCI', child: 'LAB' },
      { parent: 'UNIV', child: 'LAB' },
    ]);
    expect(result.roots).toEqual(['UNIV']);
    expect(result.problems).toEqual({ cycles: [], dangling: [], duplicates: [] });
  });

  it('reports a parent no structure has', () => {
    const result = analyseStructures([s('A', ['GONE']), s('B', ['A'])]);
    expect(result.problems.dangling).toEqual([{ code: 'A', dn: s('A').dn, parent: 'GONE' }]);
    // With its only parent missing, A is a root of the chart.
    expect(result.roots).toEqual(['A']);
  });

  it('reports each cycle once, with the codes met going up from its smallest code', () => {
    const result = analyseStructures([s('ROOT'), s('C1', ['C3', 'ROOT']), s('C2', ['C1']), s('C3', ['C2']), s('SELF', ['self']), s('X', ['Y']), s('Y', ['X'])]);
    expect(result.problems.cycles).toEqual([['C1', 'C3', 'C2'], ['SELF'], ['X', 'Y']]);
    expect(result.roots).toEqual(['ROOT']);
  });

  it('finds the cycles of a long chain without exhausting the stack', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => s(`N${i}`, [`N${(i + 1) % 20_000}`]));
    expect(analyseStructures(chain).problems.cycles).toHaveLength(1);
    expect(analyseStructures(chain).problems.cycles[0]).toHaveLength(20_000);
  });

  it('reports a code several entries have', () => {
    const twin = { ...s('DUP'), dn: 'supannCodeEntite=DUP,ou=elsewhere,dc=example,dc=org' };
    expect(analyseStructures([s('DUP'), twin]).problems.duplicates).toEqual([{ code: 'DUP', dns: [s('DUP').dn, twin.dn] }]);
  });
});
