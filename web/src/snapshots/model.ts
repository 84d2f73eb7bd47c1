// What the snapshot panels derive from the UI API's answers: which types have snapshots, the rows of "Deleted objects…".
import type { TypeDescription } from '../api/contract.ts';
import { rdnValue } from '../editor/widgets/dnNames.ts';
import type { SnapshotInfo } from './contract.ts';

/** Whether objects of the type may be snapshotted (`snapshots` of GET /ui/api/types/:type; absent, from an older server, means no). */
export function supportsSnapshots(description: TypeDescription): boolean {
  return description.snapshots === true;
}

/** A deleted object as "Deleted objects…" shows it: its name (the first RDN value of its DN) and its type. */
export interface DeletedRow {
  snapshot: SnapshotInfo;
  name: string;
  /** The type to restore it as: the snapshot's own, else the type whose list found it. */
  type: string;
}

/** The snapshots of deleted objects found for each type of a list, as one list, newest first (each snapshot once). */
export function deletedRows(byType: Array<{ type: string; snapshots: SnapshotInfo[] }>): DeletedRow[] {
  const seen = new Set<string>();
  const rows: DeletedRow[] = [];
  for (const { type, snapshots } of byType) {
    for (const snapshot of snapshots) {
      const key = snapshot.dn.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ snapshot, name: rdnValue(snapshot.objectDn), type: snapshot.type || type });
    }
  }
  return rows.sort((a, b) => Date.parse(b.snapshot.createdAt) - Date.parse(a.snapshot.createdAt) || a.name.localeCompare(b.name));
}
