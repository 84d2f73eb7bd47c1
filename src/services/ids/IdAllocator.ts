// Hands out uidNumber/gidNumber values that are never the same twice and never reuse a freed one, even with
// many creations at once on several Trousseau instances: an LDAP counter claimed by an atomic modify.
import { AlreadyExistsError, AttributeOrValueExistsError, ConstraintViolationError, LdapError, NoSuchAttributeError } from '../../ldap/errors.ts';
import { eq } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { AppError } from '../../errors/AppError.ts';
import type { SiteConfig } from '../SiteConfig.ts';

export type IdAttribute = 'uidNumber' | 'gidNumber';

const OBJECT_CLASS_OF: Record<IdAttribute, string> = { uidNumber: 'posixAccount', gidNumber: 'posixGroup' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The counter lives in `ou=idmap,<base>`, the entry FusionDirectory's "pool" method uses (as a
 * `sambaUnixIdPool` when the server has that class, else an `extensibleObject`). A claim is one modify that
 * deletes the value read and adds the next one: if another writer claimed it first, the delete fails and the
 * claim is retried. The "traditional" method (first free number above the base) would hand out numbers
 * freed by deletions again; Trousseau starts its counter above every number in use instead and only goes up.
 */
export class IdAllocator {
  private readonly gateway: LdapGateway;
  private readonly config: SiteConfig;

  constructor(gateway: LdapGateway, config: SiteConfig) {
    this.gateway = gateway;
    this.config = config;
  }

  get poolDN(): string {
    return `ou=idmap,${this.config.baseDN}`;
  }

  private range(attribute: IdAttribute): { first: number; last: number } {
    const pool = this.config.get('fdIdAllocationMethod', 'traditional') === 'pool';
    const which = attribute === 'uidNumber' ? 'Uid' : 'Gid';
    if (pool) return { first: this.config.int(`fd${which}NumberPoolMin`, 10000), last: this.config.int(`fd${which}NumberPoolMax`, 40000) - 1 };
    // `base` or `base-max`: numbers strictly above base.
    const [base = '1100', max] = (this.config.get(`fd${which}NumberBase`, '1100') ?? '1100').split('-');
    return { first: Number(base) + 1, last: max ? Number(max) : 2 ** 31 - 1 };
  }

  /** The highest value in use among the attribute's owners, read once when the counter is created. */
  private async highestInUse(attribute: IdAttribute): Promise<number> {
    let highest = 0;
    for await (const page of this.gateway.searchPages(this.config.baseDN, { filter: eq('objectClass', OBJECT_CLASS_OF[attribute]), attributes: [attribute] })) {
      for (const entry of page) {
        const n = Number(entry.first(attribute));
        // 65534 is nobody/nogroup: FusionDirectory skips it, it is not a high-water mark.
        if (Number.isInteger(n) && n !== 65534 && n > highest) highest = n;
      }
    }
    return highest;
  }

  private async ensurePool(attribute: IdAttribute): Promise<number> {
    for (;;) {
      const entry = await this.gateway.read(this.poolDN, ['uidNumber', 'gidNumber']);
      const current = entry?.first(attribute);
      if (current !== undefined) return Number(current);
      const start = Math.max(this.range(attribute).first, (await this.highestInUse(attribute)) + 1);
      try {
        if (!entry) {
          const values = { ou: 'idmap', [attribute]: String(start) };
          try {
            await this.gateway.add(this.poolDN, { objectClass: ['organizationalUnit', 'sambaUnixIdPool'], ...values });
          } catch (e) {
            // Without Samba's schema the class is unknown to the server (result 17, 21 or 65 depending on the server).
            if (!(e instanceof LdapError) || ![17, 21, 65].includes(e.resultCode)) throw e;
            await this.gateway.add(this.poolDN, { objectClass: ['organizationalUnit', 'extensibleObject'], ...values });
          }
        } else {
          await this.gateway.modify(this.poolDN, [{ operation: 'add', attribute, values: [String(start)] }]);
        }
        return start;
      } catch (e) {
        // Another writer created it first: read theirs.
        // (a single-valued attribute added twice at once is a constraint violation)
        if (!(e instanceof AlreadyExistsError || e instanceof AttributeOrValueExistsError || e instanceof ConstraintViolationError)) throw e;
      }
    }
  }

  private async inUse(attribute: IdAttribute, value: number): Promise<boolean> {
    const found = await this.gateway.searchAll(this.config.baseDN, { filter: eq(attribute, String(value)), attributes: ['1.1'], sizeLimit: 1 });
    return found.length > 0;
  }

  /** Claim the next number for the attribute. */
  async next(attribute: IdAttribute): Promise<number> {
    const { last } = this.range(attribute);
    for (let attempt = 0; attempt < 200; attempt++) {
      const current = await this.ensurePool(attribute);
      if (current > last) {
        throw new AppError({ code: 'value.invalid', message: `No ${attribute} is left: the counter reached ${current}, above the last allowed value ${last}. Widen the range in the configuration.`, attribute });
      }
      try {
        await this.gateway.modify(this.poolDN, [
          { operation: 'delete', attribute, values: [String(current)] },
          { operation: 'add', attribute, values: [String(current + 1)] },
        ]);
      } catch (e) {
        if (!(e instanceof NoSuchAttributeError)) throw e;
        // Claimed by someone else between our read and our write: try again, after a short random wait.
        await sleep(Math.random() * Math.min(50, 2 * (attempt + 1)));
        continue;
      }
      // A number set by hand (forced) may already be taken: skip it.
      if (await this.inUse(attribute, current)) continue;
      return current;
    }
    throw new AppError({ code: 'internal', message: `Could not claim a ${attribute} after 200 attempts; the directory is too busy.` });
  }
}
