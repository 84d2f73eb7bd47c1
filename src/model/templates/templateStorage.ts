// Templates as FusionDirectory stores them (reference fd-core.md §6.1, §6.3): an `fdTemplate` entry whose
// multi-valued `fdTemplateField` holds `<attr>:<value>` lines, and what applying one produces. Pure: the
// caller reads and writes LDAP, and answers uniqueness questions through a callback.
import { AppError } from '../../errors/AppError.ts';
import { MaskError } from './MaskError.ts';
import {
  chooseUniqueValue,
  expandMask,
  expandMaskValue,
  maskAttributes,
  parseMask,
  type MaskContext,
  type MaskValues,
  type ParsedMask,
} from './mask.ts';

/** The structural class of a template entry (`template-fd.schema`). */
export const TEMPLATE_OBJECT_CLASS = 'fdTemplate';
/** The attribute holding the fields: OctetString, multi-valued. */
export const TEMPLATE_FIELD_ATTRIBUTE = 'fdTemplateField';
/** Templates of a type live in `cn=<name>,ou=templates,<type ou><department>`. */
export const TEMPLATES_RDN = 'ou=templates';
/** A field value meaning "ask the operator". */
export const ASKME = '%askme%';
/** The prefix telling the mask parser to leave a value alone (binary values). */
export const VERBATIM_PREFIX = '%%';
/** Template fields that are not LDAP attributes but tab settings (§6.1). */
export const TEMPLATE_PSEUDO_FIELDS: readonly string[] = ['userGroups', 'userRoles', 'posixGroups', 'force_ids', 'mustchangepassword'];
/** Variables every template mask may use, filled from the signed-in user (§6.2). */
export const TEMPLATE_SPECIAL_VARIABLES: readonly string[] = ['callerDN', 'callerCN', 'callerUID', 'callerSN', 'callerGIVENNAME'];

/** A field value: text, or bytes for binary attributes (which then usually start with `%%`). */
export type TemplateValue = string | Uint8Array;
/** Template fields by attribute name, values in stored order. */
export type TemplateFields = Record<string, TemplateValue[]>;

/** A template entry: its name (`cn`) and its fields. */
export interface TemplateEntry {
  name: string;
  fields: TemplateFields;
}

const COLON = 0x3a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function toBytes(value: TemplateValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function asText(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes `fdTemplateField` values into fields. Values are sorted byte-wise first, as FusionDirectory does on
 * every read, so the order of values within a field is the sorted one. A value that is not valid UTF-8 stays
 * bytes (read the attribute as Buffers to keep binary values intact). Each value must be `<attr>:<value>`
 * (the value may be empty and may hold `:` and newlines).
 */
export function decodeTemplateFields(values: ReadonlyArray<string | Uint8Array>): TemplateFields {
  const fields: TemplateFields = Object.create(null) as TemplateFields;
  const sorted = values.map(toBytes).sort(Buffer.compare);
  for (const bytes of sorted) {
    const colon = bytes.indexOf(COLON);
    const name = colon > 0 ? asText(bytes.subarray(0, colon)) : undefined;
    if (name === undefined) {
      throw new AppError({
        code: 'value.invalid',
        message: `${TEMPLATE_FIELD_ATTRIBUTE} value ${JSON.stringify(asText(bytes) ?? bytes.toString('base64'))} is not "<attribute>:<value>"`,
        attribute: TEMPLATE_FIELD_ATTRIBUTE,
      });
    }
    const raw = bytes.subarray(colon + 1);
    const value: TemplateValue = asText(raw) ?? Buffer.from(raw);
    (fields[name] ??= []).push(value);
  }
  return { ...fields };
}

/**
 * Encodes fields as `fdTemplateField` values: `<attr>:<value>` per value, sorted byte-wise like FusionDirectory
 * writes them. Text values come out as strings, binary ones as Buffers. Empty values are left out and
 * repeated values written once (FusionDirectory wrote `attr:` lines for empty values, and LDAP refuses
 * duplicates).
 */
export function encodeTemplateFields(fields: Readonly<TemplateFields>): Array<string | Buffer> {
  const out: Array<{ bytes: Buffer; value: string | Buffer }> = [];
  const seen = new Set<string>();
  for (const [name, values] of Object.entries(fields)) {
    if (name === '' || name.includes(':')) {
      throw new AppError({ code: 'value.invalid', message: `invalid template field name ${JSON.stringify(name)}`, attribute: name });
    }
    for (const value of values) {
      if (value.length === 0) continue;
      const bytes = Buffer.concat([Buffer.from(`${name}:`, 'utf8'), toBytes(value)]);
      const key = bytes.toString('base64');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ bytes, value: typeof value === 'string' ? `${name}:${value}` : bytes });
    }
  }
  return out.sort((a, b) => Buffer.compare(a.bytes, b.bytes)).map((e) => e.value);
}

function attributeValues(attributes: Readonly<Record<string, ReadonlyArray<string | Uint8Array>>>, name: string): ReadonlyArray<string | Uint8Array> {
  const key = Object.keys(attributes).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? [] : (attributes[key] ?? []);
}

/** Reads a template from an LDAP entry's attributes (`objectClass`, `cn`, `fdTemplateField`). */
export function readTemplateEntry(attributes: Readonly<Record<string, ReadonlyArray<string | Uint8Array>>>): TemplateEntry {
  const classes = attributeValues(attributes, 'objectClass').map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('utf8')));
  if (!classes.some((c) => c.toLowerCase() === TEMPLATE_OBJECT_CLASS.toLowerCase())) {
    throw new AppError({ code: 'value.invalid', message: `not a template: the entry has no objectClass ${TEMPLATE_OBJECT_CLASS}`, attribute: 'objectClass' });
  }
  const cn = attributeValues(attributes, 'cn')[0];
  const name = cn === undefined ? '' : typeof cn === 'string' ? cn : Buffer.from(cn).toString('utf8');
  return { name, fields: decodeTemplateFields(attributeValues(attributes, TEMPLATE_FIELD_ATTRIBUTE)) };
}

/** The LDAP attributes of a template entry: only `objectClass: fdTemplate`, `cn` and the fields. */
export function templateEntryAttributes(template: TemplateEntry): { objectClass: string[]; cn: string[]; fdTemplateField: Array<string | Buffer> } {
  return { objectClass: [TEMPLATE_OBJECT_CLASS], cn: [template.name], fdTemplateField: encodeTemplateFields(template.fields) };
}

/** The objectClasses an object created from the template gets (its `objectClass:` fields). */
export function templateObjectClasses(fields: Readonly<TemplateFields>): string[] {
  return textValues(fieldValues(fields, 'objectClass'));
}

/** Marks a value as "do not parse" (`%%` prefix), as binary values must be in a template. */
export function verbatimTemplateValue(value: TemplateValue): TemplateValue {
  return typeof value === 'string' ? VERBATIM_PREFIX + value : Buffer.concat([Buffer.from(VERBATIM_PREFIX), toBytes(value)]);
}

function fieldValues(fields: Readonly<Record<string, readonly TemplateValue[]>>, name: string): readonly TemplateValue[] {
  const key = findKey(fields, name);
  return key === undefined ? [] : (fields[key] ?? []);
}

function findKey(record: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(record, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(record).find((k) => k.toLowerCase() === lower);
}

function textValues(values: readonly TemplateValue[]): string[] {
  return values.filter((v): v is string => typeof v === 'string');
}

function isAskme(values: readonly TemplateValue[]): boolean {
  return values.some((v) => v === ASKME);
}

function stripVerbatim(value: Uint8Array): Buffer {
  const bytes = toBytes(value);
  return bytes.subarray(0, 2).toString('latin1') === VERBATIM_PREFIX ? Buffer.from(bytes.subarray(2)) : Buffer.from(bytes);
}

// ---- dependencies -------------------------------------------------------------------------------

interface Analysis {
  /** Field names in stored order. */
  names: string[];
  /** Parsed masks per field (null for binary values and `%askme%`). */
  masks: Map<string, Array<ParsedMask | null>>;
  /** Attributes each field reads, as written in the masks. */
  reads: Map<string, string[]>;
  errors: MaskError[];
}

function analyse(fields: Readonly<TemplateFields>): Analysis {
  const analysis: Analysis = { names: Object.keys(fields), masks: new Map(), reads: new Map(), errors: [] };
  for (const name of analysis.names) {
    const masks: Array<ParsedMask | null> = [];
    const reads: string[] = [];
    const values = fields[name] ?? [];
    for (const value of values) {
      if (typeof value !== 'string' || value === ASKME) {
        masks.push(null);
        continue;
      }
      // userPassword holds "method|locked|mask": only the mask part is a mask.
      const text = name.toLowerCase() === 'userpassword' ? splitPassword(value).mask : value;
      try {
        const parsed = parseMask(text);
        masks.push(parsed);
        for (const attr of maskAttributes(parsed)) if (!reads.includes(attr)) reads.push(attr);
      } catch (error) {
        if (!(error instanceof MaskError)) throw error;
        analysis.errors.push(error.withAttribute(name));
        masks.push(null);
      }
    }
    analysis.masks.set(name, masks);
    analysis.reads.set(name, isAskme(values) ? [] : reads);
  }
  return analysis;
}

/** Field-to-field dependency edges (case-insensitive), without special variables. */
function dependencyGraph(analysis: Analysis, literal: ReadonlySet<string>, special: readonly string[]): Map<string, string[]> {
  const byLower = new Map(analysis.names.map((n) => [n.toLowerCase(), n]));
  const specials = new Set(special.map((s) => s.toLowerCase()));
  const graph = new Map<string, string[]>();
  for (const name of analysis.names) {
    const deps: string[] = [];
    if (!literal.has(name)) {
      for (const read of analysis.reads.get(name) ?? []) {
        const target = byLower.get(read.toLowerCase());
        if (target !== undefined && !specials.has(read.toLowerCase()) && !deps.includes(target)) deps.push(target);
      }
    }
    graph.set(name, deps);
  }
  return graph;
}

/** Orders fields so each comes after the fields it reads (stable otherwise); a cycle is an error. */
function evaluationOrder(graph: ReadonlyMap<string, readonly string[]>, fields: Readonly<TemplateFields>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, from: string | undefined): void => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const by = from ?? name;
      const mask = textValues(fields[by] ?? []).join(' ');
      throw new MaskError(`Recursive dependency in the template fields: "${by}" cannot depend on "${name}" as "${name}" already depends on "${by}"`, mask, 0, by);
    }
    state.set(name, 'visiting');
    for (const dep of graph.get(name) ?? []) visit(dep, name);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of graph.keys()) visit(name, undefined);
  return order;
}

/**
 * Checks a template before it is saved: every mask parses, and no field depends on itself through other
 * fields (FusionDirectory's "Recursive dependency" error). Returns the problems; none means valid.
 */
export function checkTemplateFields(fields: Readonly<TemplateFields>, options: { special?: readonly string[] } = {}): MaskError[] {
  const analysis = analyse(fields);
  const errors = [...analysis.errors];
  try {
    evaluationOrder(dependencyGraph(analysis, new Set(), options.special ?? TEMPLATE_SPECIAL_VARIABLES), fields);
  } catch (error) {
    if (!(error instanceof MaskError)) throw error;
    errors.push(error);
  }
  return errors;
}

// ---- needed fields ------------------------------------------------------------------------------

/** A field the operator is asked for when creating from a template, and why. */
export interface NeededField {
  attribute: string;
  /** `base`: where to create; `askme`: the template says `%askme%`; `referenced`: a mask reads it and the template has no value; `required`: required by an active tab and not set. */
  reason: 'base' | 'askme' | 'referenced' | 'required';
}

export interface NeededFieldsOptions {
  /** Required attributes of the tabs the template activates (the caller knows the tabs). */
  required?: readonly string[];
  /** Names the caller fills itself (besides the special `caller*` variables), never asked. */
  provided?: readonly string[];
  /** List `base` first, as FusionDirectory's form does (default true). */
  includeBase?: boolean;
}

/**
 * The inputs an operator must give to create an object from this template (§6.3 step 2), in
 * FusionDirectory's order: `base`, the `%askme%` fields, the attributes masks read that the template does
 * not set, then required attributes the template leaves empty. Throws the first problem of
 * {@link checkTemplateFields}.
 * @example askmeFields(decodeTemplateFields(['sn:%askme%', 'uid:%as[1]|givenName%%a|sn%']))
 *   // [{ attribute: 'base', reason: 'base' }, { attribute: 'sn', reason: 'askme' }, { attribute: 'givenName', reason: 'referenced' }]
 */
export function askmeFields(fields: Readonly<TemplateFields>, options: NeededFieldsOptions = {}): NeededField[] {
  const analysis = analyse(fields);
  const first = analysis.errors[0];
  if (first !== undefined) throw first;
  evaluationOrder(dependencyGraph(analysis, new Set(), TEMPLATE_SPECIAL_VARIABLES), fields);
  const needed: NeededField[] = [];
  const listed = new Set<string>();
  const skip = new Set([...TEMPLATE_SPECIAL_VARIABLES, ...(options.provided ?? [])].map((n) => n.toLowerCase()));
  const add = (attribute: string, reason: NeededField['reason']): void => {
    const key = attribute.toLowerCase();
    if (listed.has(key) || skip.has(key)) return;
    listed.add(key);
    needed.push({ attribute, reason });
  };
  if (options.includeBase ?? true) add('base', 'base');
  for (const name of analysis.names) if (isAskme(fields[name] ?? [])) add(name, 'askme');
  for (const name of analysis.names) {
    for (const read of analysis.reads.get(name) ?? []) if (findKey(fields, read) === undefined) add(read, 'referenced');
  }
  for (const attribute of options.required ?? []) {
    if (fieldValues(fields, attribute).every((v) => v.length === 0)) add(attribute, 'required');
  }
  return needed;
}

// ---- applying -----------------------------------------------------------------------------------

/** `userPassword` of a template: `method|locked|clear-or-mask` (or the older `method|password`). */
export interface TemplatePassword {
  /** Hash method name (`ssha`…); undefined when the operator typed the password for an `%askme%` field. */
  method?: string;
  locked: boolean;
  /** The clear-text password after mask expansion ('' = none). */
  clear: string;
}

/** What a template gives a new (or existing) object. */
export interface AppliedTemplate {
  /** LDAP attributes: `values` merged with the template's expanded fields, objectClasses united. */
  attributes: Record<string, TemplateValue[]>;
  /** Pseudo fields (`userGroups`, `force_ids`…), expanded, for the tabs that handle them. */
  pseudoFields: Record<string, string[]>;
  /** From the template's `userPassword` field, if any. */
  password?: TemplatePassword;
  /** The `base` answer (or field), if given. */
  base?: string;
}

export interface ApplyTemplateContext extends Omit<MaskContext, 'escape'> {
  /** `callerDN`, `callerCN`, `callerUID`, `callerSN`, `callerGIVENNAME` of the signed-in user; they win over fields of the same name. */
  special?: MaskValues;
  /**
   * Whether `value` is already used for `attribute` (FusionDirectory: a `(attr=value)` search under the base,
   * archived values included, the target object itself excepted). Asked only when a mask gives several candidates.
   */
  isTaken?: (attribute: string, value: string) => boolean | Promise<boolean>;
  /** Lookups before giving up on an endless candidate list (default 1000). */
  maxAttempts?: number;
  /** Field names that are not LDAP attributes (default {@link TEMPLATE_PSEUDO_FIELDS}). */
  pseudoFields?: readonly string[];
}

function splitPassword(value: string): { method?: string; locked: boolean; mask: string } {
  const first = value.indexOf('|');
  if (first < 0) return { locked: false, mask: value };
  const method = value.slice(0, first);
  const rest = value.slice(first + 1);
  const second = rest.indexOf('|');
  const flag = second < 0 ? undefined : rest.slice(0, second);
  if (flag === 'TRUE' || flag === 'FALSE') return { method, locked: flag === 'TRUE', mask: rest.slice(second + 1) };
  return { method, locked: false, mask: rest };
}

/**
 * Applies a template (§6.3): `%askme%` fields and the attributes masks read take the operator's `answers`
 * (or, when applying to an existing object, its current `values`) — taken literally, never parsed as masks;
 * the other fields are expanded in dependency order, each attribute seeing the final values of those it
 * reads; a value with several candidates gets the first one `isTaken` refuses not; `%%` values are copied
 * without the prefix. The result merges `values` with the expanded fields; pseudo fields, `userPassword`
 * and `base` come out separately; empty values are dropped. Answers for fields the template did not ask
 * are applied last, as plain modifications (as FusionDirectory's REST API does).
 */
export async function applyTemplate(
  fields: Readonly<TemplateFields>,
  answers: Readonly<Record<string, readonly TemplateValue[]>>,
  values: Readonly<Record<string, readonly TemplateValue[]>>,
  context: ApplyTemplateContext = {},
): Promise<AppliedTemplate> {
  const neededList = askmeFields(fields, { includeBase: false, provided: Object.keys(context.special ?? {}) });
  const needed = new Set(neededList.map((f) => f.attribute.toLowerCase()));
  const pseudo = new Set((context.pseudoFields ?? TEMPLATE_PSEUDO_FIELDS).map((n) => n.toLowerCase()));
  const special = context.special ?? {};
  const inputFor = (name: string): readonly TemplateValue[] => {
    const answer = findKey(answers, name);
    if (answer !== undefined) return answers[answer] ?? [];
    return fieldValues(values, name);
  };

  // The working set of fields: the template's, with asked and missing ones filled from the answers.
  const working: TemplateFields = { ...fields };
  const literal = new Set<string>();
  for (const { attribute } of neededList) {
    const key = findKey(working, attribute) ?? attribute;
    working[key] = [...inputFor(attribute)];
    literal.add(key);
  }

  const analysis = analyse(working);
  const order = evaluationOrder(dependencyGraph(analysis, literal, Object.keys(special)), working);

  // What masks see: current values, then answers, then each field once expanded; special variables win.
  const visible: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(values)) visible[name] = textValues(list);
  for (const name of literal) visible[name] = textValues(working[name] ?? []);
  const maskValues = (): MaskValues => ({ ...visible, ...special });
  const maskContext: MaskContext = { ...context };

  const expanded = new Map<string, TemplateValue[]>();
  let password: TemplatePassword | undefined;
  for (const name of order) {
    const lower = name.toLowerCase();
    const raw = working[name] ?? [];
    if (literal.has(name)) {
      if (lower === 'userpassword') {
        const clear = raw.find((v): v is string => typeof v === 'string');
        if (clear !== undefined && clear !== '') password = { locked: false, clear };
      } else {
        expanded.set(name, dedupe(raw.filter((v) => v.length > 0)));
      }
      continue;
    }
    if (lower === 'userpassword') {
      const text = raw.find((v): v is string => typeof v === 'string');
      if (text !== undefined) {
        const { method, locked, mask } = splitPassword(text);
        const clear = withAttribute(name, () => expandMaskValue(mask, maskValues(), maskContext));
        password = { ...(method === undefined ? {} : { method }), locked, clear };
      }
      continue;
    }
    const out: TemplateValue[] = [];
    for (const value of raw) {
      if (typeof value !== 'string') {
        out.push(stripVerbatim(value));
        continue;
      }
      const expansion = withAttribute(name, () => expandMask(value, maskValues(), maskContext));
      const isTaken = context.isTaken;
      const chosen =
        isTaken === undefined || pseudo.has(lower)
          ? expansion.value
          : await chooseUniqueValue(expansion, (candidate) => isTaken(name, candidate), {
              attribute: name,
              ...(context.maxAttempts === undefined ? {} : { maxAttempts: context.maxAttempts }),
            });
      out.push(chosen);
    }
    const kept = dedupe(out.filter((v) => v.length > 0));
    expanded.set(name, kept);
    visible[name] = textValues(kept);
  }

  // Assemble the object: current values, then template fields (objectClasses united), then late answers.
  const result: AppliedTemplate = { attributes: {}, pseudoFields: {} };
  if (password !== undefined) result.password = password;
  for (const [name, list] of Object.entries(values)) result.attributes[name] = [...list];
  const put = (name: string, list: TemplateValue[]): void => {
    const lower = name.toLowerCase();
    if (lower === 'base') {
      const base = textValues(list)[0];
      if (base !== undefined) result.base = base;
    } else if (pseudo.has(lower)) {
      result.pseudoFields[name] = textValues(list);
    } else if (lower === 'userpassword') {
      const clear = textValues(list)[0];
      if (clear !== undefined) result.password = { locked: false, clear };
    } else if (lower === 'objectclass') {
      const key = findKey(result.attributes, name) ?? name;
      const merged = textValues(result.attributes[key] ?? []);
      for (const oc of textValues(list)) if (!merged.some((m) => m.toLowerCase() === oc.toLowerCase())) merged.push(oc);
      result.attributes[key] = merged;
    } else {
      const key = findKey(result.attributes, name);
      if (key !== undefined) delete result.attributes[key];
      if (list.length > 0) result.attributes[name] = list;
    }
  };
  for (const name of Object.keys(working)) {
    const list = expanded.get(name);
    if (list !== undefined) put(name, list);
  }
  for (const [name, list] of Object.entries(answers)) {
    if (!needed.has(name.toLowerCase())) put(name, dedupe(list.filter((v) => v.length > 0)));
  }
  return result;
}

function withAttribute<T>(attribute: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof MaskError && error.attribute === undefined) throw error.withAttribute(attribute);
    throw error;
  }
}

function dedupe(values: readonly TemplateValue[]): TemplateValue[] {
  const seen = new Set<string>();
  const out: TemplateValue[] = [];
  for (const value of values) {
    const key = typeof value === 'string' ? `s${value}` : `b${toBytes(value).toString('base64')}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}
