// Shapes of the snapshot routes of the UI API (snapshotsApi.ts, docs/snapshots.md), shared with the web interface.

import type { SnapshotInfo } from '../../services/snapshots/SnapshotService.ts';

/** One snapshot of an object (a gosaSnapshotObject entry): the service's shape. */
export type { SnapshotInfo };

/** GET /ui/api/snapshots?type=&dn= */
export interface SnapshotList {
  /** fdEnableSnapshots TRUE and fdSnapshotBase set. */
  enabled: boolean;
  canCreate: boolean;
  canDelete: boolean;
  canRestore: boolean;
  /** fdSnapshotSourceData (may be empty). */
  sources: string[];
  /** Newest first. */
  snapshots: SnapshotInfo[];
}

/** POST /ui/api/snapshots */
export interface SnapshotCreateRequest {
  type: string;
  dn: string;
  description: string;
  source?: string;
}

/** POST /ui/api/snapshots/restore */
export interface SnapshotRestoreRequest {
  type: string;
  snapshot: string;
}

export interface SnapshotRestoreAnswer {
  dn: string;
  etag: string | null;
}

/** GET /ui/api/snapshots/deleted?type=&base= */
export interface DeletedSnapshots {
  snapshots: SnapshotInfo[];
}
