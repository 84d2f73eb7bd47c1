// The schemas a private directory loads at initialisation: Debian's stock ones, then Trousseau's, dependencies first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STOCK_SCHEMA_ORDER, allSchemas, orderSchemas, shippedAttributeTypeNames } from '../schema/index.ts';
import { renderSchemaLdif } from '../schema/render.ts';

/** Stock schemas every private directory loads; dyngroup gives groupOfURLs for dynamic groups. */
export const BASE_STOCK_SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis', 'dyngroup'];
export const STOCK_SCHEMA_DIR = '/etc/ldap/schema';

/** LDIF records of the stock and (for `all`) shipped schemas, in load order. */
export function schemaLdifFor(which: 'all' | 'stock'): string[] {
  const plan = which === 'all' ? orderSchemas(allSchemas.map((s) => s.name)) : { stock: [], schemas: [] };
  const stock = STOCK_SCHEMA_ORDER.filter((name) => BASE_STOCK_SCHEMAS.includes(name) || plan.stock.includes(name));
  return [...stock.map((name) => readFileSync(path.join(STOCK_SCHEMA_DIR, `${name}.ldif`), 'utf8')), ...plan.schemas.map(renderSchemaLdif)];
}

/** Lower-cased names of the attribute types a private directory defines beyond the stock ones, for optional indexes. */
export function definedAttributeNames(which: 'all' | 'stock'): Set<string> {
  return which === 'all' ? shippedAttributeTypeNames() : new Set();
}
