// Which types get the Snapshots panel, and the rows of "Deleted objects…".
import { describe, expect, it } from 'vitest';
import type { TypeDescription } from '../api/contract.ts';
import { deletedRows, supportsSnapshots } from './model.ts';
import { editorExtrasOf } from '../editor/editorExtras.ts';
import { SnapshotsPanel } from './SnapshotsPanel.tsx';

const description = (id: string, snapshots?: boolean) =>
  ({ id, label: id, filter: '', mainAttribute: null, nameAttribute: null, templates: false, aclCategory: id, auxiliary: false, tabs: [], ...(snapshots === undefined ? {} : { snapshots }) }) as unknown as TypeDescription;

const snapshot = (dn: string, objectDn: string, createdAt: string, type = '') => ({ dn, objectDn, type, createdAt, description: 'd', source: 'FD' });

describe('snapshots in the web interface', () => {
  it('draws the panel for types whose description says snapshots, after the type\'s own extras', () => {
    expect(supportsSnapshots(description('user', true))).toBe(true);
    expect(supportsSnapshots(description('department', false))).toBe(false);
    expect(supportsSnapshots(description('old'))).toBe(false);
    const user = editorExtrasOf('user', description('user', true));
    expect(user.at(-1)).toBe(SnapshotsPanel);
    expect(user.length).toBe(editorExtrasOf('user').length + 1);
    expect(editorExtrasOf('department', description('department', false))).not.toContain(SnapshotsPanel);
  });

  it('lists deleted objects newest first, named by their first RDN value, each snapshot once', () => {
    const rows = deletedRows([
      { type: 'user', snapshots: [snapshot('gosaSnapshotTimestamp=1,ou=snapshots,dc=x', 'uid=ann,ou=people,dc=x', '2026-01-01T10:00:00Z', 'user')] },
      {
        type: 'posixGroup',
        snapshots: [
          snapshot('gosaSnapshotTimestamp=2,ou=snapshots,dc=x', 'cn=R\\2cD team,ou=groups,dc=x', '2026-03-01T10:00:00Z'),
          snapshot('gosaSnapshotTimestamp=1,ou=snapshots,dc=x', 'uid=ann,ou=people,dc=x', '2026-01-01T10:00:00Z', 'user'),
        ],
      },
    ]);
    expect(rows.map((r) => [r.name, r.type])).toEqual([
      ['R,D team', 'posixGroup'],
      ['ann', 'user'],
    ]);
  });
});
