// Shapes of the web interface's SupAnn answers (src/http/ui-api/supannApi.ts), shared with the SPA like contract.ts.

/** One structure of the organisation chart. */
export interface UiStructureNode {
  dn: string;
  /** supannCodeEntite. */
  code: string;
  /** Codes of supannCodeEntiteParent, as stored. */
  parents: string[];
  /** The object type (`entite`, `etablissement`), absent for a supannEntite entry of no registered type. */
  type?: string;
  /** ou of an entity, o of an establishment. */
  name: string;
  description?: string;
  /** supannTypeEntite, e.g. `{SUPANN}S230`. */
  typeEntite?: string;
  /** Users assigned to it (supannEntiteAffectation) that the signed-in user may read. */
  members: number;
}

/** `GET /ui/api/supann/structures`: the structures one may read, their links and what is wrong among them. */
export interface UiStructuresAnswer {
  nodes: UiStructureNode[];
  /** Parent → child links, by code, between structures of `nodes`. */
  edges: Array<{ parent: string; child: string }>;
  /** Codes of the structures without a parent among `nodes`. */
  roots: string[];
  problems: {
    /** The codes met going up the parents from the first one, which comes back after the last. */
    cycles: string[][];
    /** A parent code no structure has. */
    dangling: Array<{ code: string; dn: string; parent: string }>;
    /** A code several entries have. */
    duplicates: Array<{ code: string; dns: string[] }>;
  };
}
