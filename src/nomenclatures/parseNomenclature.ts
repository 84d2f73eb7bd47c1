// One nomenclature (value list) file in FusionDirectory's format (fd-plugins.md §3.11): UTF-8 lines `CODE;LABEL`
// (more `;` fields allowed), `#` comments and blank lines ignored; diploma files have `CODE;TYPE;SECTOR;LABEL1;LABEL2`.

/** One line of a nomenclature file. */
export interface NomenclatureLine {
  code: string;
  /** The whole label (diplomas: `LABEL1 - LABEL2`). */
  label: string;
  /** Diplomas: their SISE type and disciplinary sector, prefixed (`{SISE}XB`, `{SISE}01`). */
  type?: string;
  sector?: string;
}

/** Columns of a diploma file are auto-prefixed `{SISE}` unless they carry their own prefix (FusionDirectory's rule). */
export function sisePrefixed(code: string): string {
  return code === '' || code.startsWith('{') ? code : `{SISE}${code}`;
}

/**
 * The lines of a nomenclature file's text. A line without `;` is a code without a label (its code is shown).
 * A code given twice keeps its last line, as FusionDirectory's reading does.
 * @example parseNomenclature('# entity types\nS230;Service informatique\n', { diploma: false }) // [{ code: 'S230', label: 'Service informatique' }]
 */
export function parseNomenclature(text: string, options: { diploma: boolean }): NomenclatureLine[] {
  const byCode = new Map<string, NomenclatureLine>();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    if (line.trimStart() === '' || line.trimStart().startsWith('#')) continue;
    const fields = line.split(';');
    const code = fields[0]!.trim();
    if (code === '') continue;
    if (options.diploma) {
      const [, type = '', sector = '', label1 = '', label2 = ''] = fields.map((f) => f.trim());
      // "LABEL1 - LABEL2"; most SISE diplomas have no second label, which is then left out rather than shown as " - ".
      const label = [label1, label2].filter(Boolean).join(' - ') || code;
      byCode.set(code, { code, label, type: sisePrefixed(type), sector: sisePrefixed(sector) });
    } else {
      byCode.set(code, { code, label: fields[1]?.trim() || code });
    }
  }
  return [...byCode.values()];
}
