// Unit tests of the schema registry: lookup by name, install order, which schema defines an attribute or class.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/AppError.ts';
import {
  allSchemas,
  findAttributeType,
  findObjectClass,
  orderSchemas,
  schemaByName,
  shippedAttributeTypeNames,
} from './index.ts';

describe('schemaByName', () => {
  it('finds a schema case-insensitively and returns undefined for others', () => {
    expect(schemaByName('CORE-FD')?.name).toBe('core-fd');
    expect(schemaByName('fdfranceconnect')?.name).toBe('fdFranceConnect');
    expect(schemaByName('cosine')).toBeUndefined();
  });
});

describe('orderSchemas', () => {
  it('adds the schemas a schema needs, ours first in order, stock ones apart', () => {
    const plan = orderSchemas(['fdFranceConnect']);
    expect(plan.stock).toEqual(['core']);
    expect(plan.schemas.map((s) => s.name)).toEqual(['supann-2019-11-22', 'fdFranceConnect']);
  });

  it('gives the same order whatever the order asked', () => {
    const a = orderSchemas(['schac-20150413-1.5.0', 'core-fd', 'personal-fd', 'core']);
    const b = orderSchemas(['personal-fd', 'core', 'schac-20150413-1.5.0', 'core-fd']);
    expect(a).toEqual(b);
    expect(a.stock).toEqual(['core', 'cosine']);
    expect(a.schemas.map((s) => s.name)).toEqual(['core-fd', 'personal-fd', 'schac-20150413-1.5.0']);
  });

  it('puts every schema after its dependencies', () => {
    const plan = orderSchemas(allSchemas.map((s) => s.name).reverse());
    const position = new Map(plan.schemas.map((s, i) => [s.name, i]));
    for (const schema of plan.schemas) {
      for (const dependency of schema.dependsOn) {
        if (position.has(dependency)) expect(position.get(dependency)).toBeLessThan(position.get(schema.name) as number);
        else expect(plan.stock).toContain(dependency);
      }
    }
    expect(plan.schemas).toHaveLength(allSchemas.length);
  });

  it('accepts stock names alone', () => {
    expect(orderSchemas(['nis', 'CORE'])).toEqual({ stock: ['core', 'nis'], schemas: [] });
  });

  it('refuses an unknown schema with schema.missing', () => {
    expect(() => orderSchemas(['nope'])).toThrow(AppError);
    try {
      orderSchemas(['nope']);
    } catch (error) {
      expect((error as AppError).code).toBe('schema.missing');
      expect((error as AppError).message).toMatch(/Unknown schema "nope"/);
    }
  });
});

describe('findAttributeType / findObjectClass', () => {
  it('finds by any name, case-insensitively, or by OID', () => {
    expect(findAttributeType('GOSAACLENTRY')?.schema.name).toBe('core-fd');
    expect(findAttributeType('sex')?.definition.names).toEqual(['gender', 'sex']);
    expect(findAttributeType('1.3.6.1.4.1.38414.8.17.6')?.definition.names).toEqual(['fdSnapshotSourceData']);
    expect(findObjectClass('supannperson')?.schema.name).toBe('supann-2019-11-22');
    expect(findObjectClass('fdJWT')?.schema.name).toBe('fusiondirectory-orchestrator');
  });

  it('does not mix attribute types and object classes', () => {
    expect(findAttributeType('fdTemplate')).toBeUndefined();
    expect(findObjectClass('fdTemplateField')).toBeUndefined();
    expect(findAttributeType('cn')).toBeUndefined();
  });

  it('lists every attribute name we define, aliases included', () => {
    const names = shippedAttributeTypeNames();
    expect(names.has('dob')).toBe(true);
    expect(names.has('fdsnapshotsourcedata')).toBe(true);
    expect(names.has('cn')).toBe(false);
  });
});
