// Named files kept as child entries of the object (FusionDirectory's mail-template attachments: one
// `cn=<file name>,<template DN>` entry per file, `fdMailAttachments` with the bytes in `fdMailAttachmentsContent`).
// The engine reads the children when the object is opened and writes the differences when it is saved; the value
// itself is never an attribute of the entry. JSON: `[{ "name": "charter.pdf", "content": "<base64>" }]`.
import type { AttributeDecl } from '../declarations.ts';
import { ValueError, type AttributeKind, type Problem, type Value } from './AttributeKind.ts';

/** One file of a `files` value. */
export interface NamedFile {
  name: string;
  content: Buffer;
}

/** The engine holds each file as `<name>\0<base64>` (a value is a list of strings). */
const SEPARATOR = '\u0000';

export function packFile(file: NamedFile): string {
  return `${file.name}${SEPARATOR}${file.content.toString('base64')}`;
}

export function unpackFile(packed: string): NamedFile {
  const at = packed.indexOf(SEPARATOR);
  return { name: packed.slice(0, at), content: Buffer.from(packed.slice(at + 1), 'base64') };
}

/** The files of a value, in order. */
export function filesOf(value: Value): NamedFile[] {
  return Array.isArray(value) ? value.map(unpackFile) : [];
}

/** A file name usable as an RDN value and as a mail attachment name: no path, no control characters. */
function usableName(name: string): boolean {
  return name.length >= 1 && name.length <= 255 && name !== '.' && name !== '..' && ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
/** What one object may carry, all files together. */
export const MAX_FILES_BYTES = 20 * 1024 * 1024;

export const filesKind: AttributeKind = {
  multiValued: true,
  binary: false,
  empty: () => [],
  decode: () => [],
  encode: () => [],
  fromJson: (input, decl) => {
    if (input === null || input === undefined || input === '') return [];
    if (!Array.isArray(input)) throw new ValueError(`"${decl.name}" expects a list of files: [{"name": "…", "content": "<base64>"}].`);
    return input.map((item, i) => {
      const f = item as { name?: unknown; content?: unknown };
      if (item === null || typeof item !== 'object' || typeof f.name !== 'string' || typeof f.content !== 'string') {
        throw new ValueError(`"${decl.name}" item ${i + 1} must be {"name": "…", "content": "<base64>"}.`);
      }
      const name = f.name.trim();
      if (!usableName(name)) throw new ValueError(`"${decl.name}": "${f.name}" is not a usable file name (1 to 255 characters, no "/", "\\" or control characters).`);
      if (!/^[A-Za-z0-9+/\s]*={0,2}$/.test(f.content)) throw new ValueError(`"${decl.name}": the content of "${name}" must be base64 data.`);
      return packFile({ name, content: Buffer.from(f.content, 'base64') });
    });
  },
  toJson: (value) => filesOf(value).map((f) => ({ name: f.name, content: f.content.toString('base64'), size: f.content.length })),
  check: (value, decl) => {
    const problems: Problem[] = [];
    const seen = new Set<string>();
    let total = 0;
    for (const f of filesOf(value)) {
      const key = f.name.toLowerCase();
      if (seen.has(key)) problems.push({ code: 'value.duplicate', message: `"${decl.name}" has two files named "${f.name}".`, params: { value: f.name } });
      seen.add(key);
      total += f.content.length;
    }
    if (total > MAX_FILES_BYTES) problems.push({ code: 'value.range', message: `"${decl.name}": the files weigh ${Math.ceil(total / 1048576)} MB together; at most ${MAX_FILES_BYTES / 1048576} MB are allowed.`, params: { max: MAX_FILES_BYTES } });
    return problems;
  },
  isEmpty: (value) => !Array.isArray(value) || value.length === 0,
  jsonSchema: (decl: AttributeDecl) => ({
    type: 'array',
    description: decl.kind === 'files' ? `Files stored as child entries (${decl.children.objectClass}); size is answered, ignored on input.` : undefined,
    items: {
      type: 'object',
      required: ['name', 'content'],
      properties: { name: { type: 'string', maxLength: 255 }, content: { type: 'string', contentEncoding: 'base64' }, size: { type: 'integer', readOnly: true } },
    },
  }),
};
