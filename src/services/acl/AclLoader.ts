// Reads what FusionDirectory's `userinfo::loadACL` reads (fd-core.md §5.3): assignments, roles, the user's groups and
// roles, user filters and target filters, and builds the user's AclEvaluator.
import {
  AclEvaluator,
  AclFormatError,
  aclMemberMatching,
  parseAclAssignmentEntry,
  parseAclRoleTemplate,
  sortByIndex,
  type AclAssignmentEntry,
  type AclRoleTemplate,
  type AclRule,
} from '../../acl/index.ts';
import { normalizeDn } from '../../ldap/dn.ts';
import { SizeLimitExceededError } from '../../ldap/errors.ts';
import { and, eq, escapeFilterValue, or, parseFilter } from '../../ldap/filter.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { expandMaskValue, type MaskValues } from '../../model/templates/mask.ts';

export interface AclLoaderOptions {
  gateway: LdapGateway;
  baseDN: string;
  /** `fdAclTargetFilterLimit`: how many entries a target filter may find (default 100); a function reads it at each load. */
  targetFilterLimit?: number | (() => number);
  /** Where problems go: unreadable assignments or roles, target filters over their limit. */
  warn?: (message: string) => void;
}

/** Every assignment and role of the directory, read once and shared by the users' evaluations. */
export interface AclDirectorySnapshot {
  assignments: Array<{ dn: string; entry: AclAssignmentEntry }>;
  /** Role lines by normalised role DN. */
  roles: Map<string, AclRoleTemplate[]>;
  /** What could not be read (FusionDirectory refuses these lines too: they grant nothing). */
  problems: string[];
}

/** What one assignment is for one user. */
export interface AclAssignmentDecision {
  /** The entry holding the assignment. */
  dn: string;
  entry: AclAssignmentEntry;
  /** `kept`: it counts for the user (at `targets`); otherwise why not. */
  status: 'kept' | 'notMember' | 'userFilter' | 'unreadable';
  /** The member that names the user: `*`, his DN, a group or role of his. */
  matchedBy?: string;
  /** Where a kept assignment applies: its own DN, or what its target filter found. */
  targets: string[];
  /** Every object its role names is for the user's own entry only (`s`). */
  selfOnly?: boolean;
}

const normalize = (dn: string) => {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

/** Loads the ACL rules of a directory and of its users. */
export class AclLoader {
  private readonly gateway: LdapGateway;
  private readonly baseDN: string;
  private readonly limitOption: number | (() => number);
  private readonly warn: (message: string) => void;

  constructor(options: AclLoaderOptions) {
    this.gateway = options.gateway;
    this.baseDN = options.baseDN;
    this.limitOption = options.targetFilterLimit ?? 100;
    this.warn = options.warn ?? (() => {});
  }

  private get limit(): number {
    return typeof this.limitOption === 'function' ? this.limitOption() : this.limitOption;
  }

  /** Reads every `gosaAcl` entry under the base and every role they name. */
  async loadDirectory(): Promise<AclDirectorySnapshot> {
    const problems: string[] = [];
    const report = (message: string) => {
      problems.push(message);
      this.warn(message);
    };
    const assignments: AclDirectorySnapshot['assignments'] = [];
    for (const entry of await this.gateway.searchAll(this.baseDN, { filter: eq('objectClass', 'gosaAcl'), attributes: ['gosaAclEntry'] })) {
      for (const value of sortByIndex(entry.get('gosaAclEntry'))) {
        try {
          assignments.push({ dn: entry.dn, entry: parseAclAssignmentEntry(value) });
        } catch (e) {
          if (!(e instanceof AclFormatError)) throw e;
          report(`ACL assignment of ${entry.dn} ignored: ${e.message}`);
        }
      }
    }
    const roles = new Map<string, AclRoleTemplate[]>();
    for (const role of new Set(assignments.map((a) => a.entry.role))) {
      const key = normalize(role);
      if (roles.has(key)) continue;
      let entry: LdapEntry | null = null;
      try {
        entry = await this.gateway.read(role, ['gosaAclTemplate']);
      } catch (e) {
        report(`ACL role ${role} cannot be read: ${(e as Error).message}`);
      }
      if (entry === null) {
        report(`ACL role ${role} does not exist: its assignments grant nothing.`);
        roles.set(key, []);
        continue;
      }
      const lines: AclRoleTemplate[] = [];
      for (const value of entry.get('gosaAclTemplate')) {
        try {
          lines.push(parseAclRoleTemplate(value));
        } catch (e) {
          if (!(e instanceof AclFormatError)) throw e;
          report(`ACL role line of ${role} ignored: ${e.message}`);
        }
      }
      roles.set(key, lines);
    }
    return { assignments, roles, problems };
  }

  /**
   * The evaluator of one user from a snapshot: keeps the assignments naming him (directly, through a group or role
   * of his, or `*`) whose user filter matches his entry, with target filters expanded to the entries they find.
   */
  async evaluatorFor(userDn: string, snapshot: AclDirectorySnapshot): Promise<AclEvaluator> {
    return new AclEvaluator(userDn, this.baseDN, (await this.analyse(userDn, snapshot)).rules);
  }

  /** What each assignment of the snapshot is for this user (explanations): kept or why not, and where it applies. */
  async decisionsFor(userDn: string, snapshot: AclDirectorySnapshot): Promise<AclAssignmentDecision[]> {
    return (await this.analyse(userDn, snapshot)).decisions;
  }

  private async analyse(userDn: string, snapshot: AclDirectorySnapshot): Promise<{ rules: AclRule[]; decisions: AclAssignmentDecision[] }> {
    const rules: AclRule[] = [];
    const decisions: AclAssignmentDecision[] = [];
    if (snapshot.assignments.length === 0) return { rules, decisions };
    const user = await this.gateway.read(userDn, ['*']);
    const uid = user?.first('uid');
    const memberOf = or(
      and(eq('objectClass', 'groupOfNames'), eq('member', userDn)),
      and(eq('objectClass', 'organizationalRole'), eq('roleOccupant', userDn)),
      ...(uid !== undefined ? [and(eq('objectClass', 'posixGroup'), eq('memberUid', uid))] : []),
    );
    const groups = user === null ? [] : (await this.gateway.searchAll(this.baseDN, { filter: memberOf, attributes: ['1.1'] })).map((e) => e.dn);
    const membership = { userDn, groups, roles: [] };
    const values: MaskValues = user === null ? {} : Object.fromEntries(user.names().map((n) => [n, user.get(n)]));
    const userFilters = new Map<string, boolean>();
    for (const { dn, entry } of snapshot.assignments) {
      const decision: AclAssignmentDecision = { dn, entry, status: 'kept', targets: [] };
      decisions.push(decision);
      const matchedBy = user === null ? undefined : aclMemberMatching(entry.members, membership);
      if (matchedBy === undefined) {
        decision.status = 'notMember';
        continue;
      }
      decision.matchedBy = matchedBy;
      if (entry.userFilter !== '') {
        let matches = userFilters.get(entry.userFilter);
        if (matches === undefined) {
          matches = await this.userMatches(userDn, entry.userFilter, dn);
          userFilters.set(entry.userFilter, matches);
        }
        if (!matches) {
          decision.status = 'userFilter';
          continue;
        }
      }
      const lines = snapshot.roles.get(normalize(entry.role)) ?? [];
      if (lines.length === 0) {
        decision.status = 'unreadable';
        continue;
      }
      const targets = entry.targetFilter === '' ? [dn] : await this.targets(dn, entry.targetFilter, values);
      decision.targets = targets;
      decision.selfOnly = lines.every((l) => l.objects.every((o) => o.permissions.includes('s')));
      for (const target of targets) rules.push({ dn: target, scope: entry.scope, lines, source: { assignment: dn, index: entry.priority } });
    }
    return { rules, decisions };
  }

  /** FusionDirectory checks a user filter with a base search on the user's DN. */
  private async userMatches(userDn: string, filter: string, where: string): Promise<boolean> {
    try {
      return (await this.gateway.read(userDn, ['1.1'], { filter: parseFilter(filter) })) !== null;
    } catch (e) {
      this.warn(`User filter "${filter}" of the ACL assignment on ${where} cannot be used: ${(e as Error).message}`);
      return false;
    }
  }

  /** The entries below the assignment a target filter finds, masks filled with the user's values (escaped). */
  private async targets(assignmentDn: string, targetFilter: string, values: MaskValues): Promise<string[]> {
    let filter: string;
    try {
      filter = expandMaskValue(targetFilter, values, { escape: (v) => escapeFilterValue(v) });
      parseFilter(filter);
    } catch (e) {
      this.warn(`Target filter "${targetFilter}" of the ACL assignment on ${assignmentDn} cannot be used: ${(e as Error).message}`);
      return [];
    }
    const found: string[] = [];
    const limit = this.limit;
    let exceeded = false;
    try {
      // One more than the limit tells whether it was reached (the server stops quietly at its size limit).
      for await (const entry of this.gateway.search(assignmentDn, { scope: 'sub', filter, attributes: ['1.1'], sizeLimit: limit + 1 })) found.push(entry.dn);
    } catch (e) {
      if (!(e instanceof SizeLimitExceededError)) throw e;
      exceeded = true;
    }
    if (exceeded || found.length > limit) {
      found.length = Math.min(found.length, limit);
      this.warn(`Target filter "${filter}" of the ACL assignment on ${assignmentDn} finds more than ${limit} entries (fdAclTargetFilterLimit): the ACL applies to the first ${found.length} only.`);
    }
    return found;
  }
}
