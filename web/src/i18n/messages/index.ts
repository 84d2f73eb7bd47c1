// Every catalogue of the SPA, merged per language. Each area keeps its own file (keys prefixed by the area).
import common from './common.ts';
import lists from './lists.ts';
import editor from './editor.ts';
import acl from './acl.ts';
import recovery from './recovery.ts';
import supann from './supann.ts';
import supannCheck from './supannCheck.ts';
import nomenclatures from './nomenclatures.ts';
import tasks from './tasks.ts';
import prolongation from './prolongation.ts';
import ppolicy from './ppolicy.ts';
import secondFactor from './secondFactor.ts';
import audit from './audit.ts';
import snapshots from './snapshots.ts';

export type Catalogue = Record<string, string>;
export interface AreaMessages {
  en: Catalogue;
  fr: Catalogue;
}

const areas: AreaMessages[] = [common, lists, editor, acl, recovery, supann, supannCheck, nomenclatures, tasks, prolongation, secondFactor, ppolicy, audit, snapshots];

export const catalogues: { en: Catalogue; fr: Catalogue } = {
  en: Object.assign({}, ...areas.map((a) => a.en)) as Catalogue,
  fr: Object.assign({}, ...areas.map((a) => a.fr)) as Catalogue,
};
