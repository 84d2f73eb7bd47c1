// Writes a filter AST (filter.ts) as the BER Filter of RFC 4511 §4.5.1, as an ldapts `Filter`, so
// that our own parser and escaping decide what goes on the wire (ldapts' string parser is bypassed:
// it decodes `\HH` escapes byte by byte into Latin-1 and rejects attribute options and OIDs).
import { type BerReader, type BerWriter, Ber, Filter, SearchFilter, type SearchFilterValues } from 'ldapts';

import { type FilterNode, type FilterValue, filterToString } from './filter.ts';

const TAGS: Record<FilterNode['type'], SearchFilterValues> = {
  and: SearchFilter.and,
  or: SearchFilter.or,
  not: SearchFilter.not,
  equality: SearchFilter.equalityMatch,
  substrings: SearchFilter.substrings,
  greaterOrEqual: SearchFilter.greaterOrEqual,
  lessOrEqual: SearchFilter.lessOrEqual,
  present: SearchFilter.present,
  approx: SearchFilter.approxMatch,
  extensible: SearchFilter.extensibleMatch,
};

function writeValue(writer: BerWriter, value: FilterValue, tag: number): void {
  if (typeof value === 'string') writer.writeString(value, tag);
  else writer.writeBuffer(value, tag);
}

/** An ldapts `Filter` that encodes a {@link FilterNode}. */
export class BerFilter extends Filter {
  public type: SearchFilterValues;
  public readonly node: FilterNode;

  public constructor(node: FilterNode) {
    super();
    this.node = node;
    this.type = TAGS[node.type];
  }

  public override writeFilter(writer: BerWriter): void {
    const node = this.node;
    switch (node.type) {
      case 'and':
      case 'or':
        for (const child of node.filters) new BerFilter(child).write(writer);
        return;
      case 'not':
        new BerFilter(node.filter).write(writer);
        return;
      case 'equality':
      case 'greaterOrEqual':
      case 'lessOrEqual':
      case 'approx':
        writer.writeString(node.attribute);
        writeValue(writer, node.value, Ber.OctetString);
        return;
      case 'present':
        // present [7] AttributeDescription: primitive, the content is the description itself
        for (const byte of Buffer.from(node.attribute, 'utf8')) writer.writeByte(byte);
        return;
      case 'substrings':
        writer.writeString(node.attribute);
        writer.startSequence();
        if (node.initial !== undefined) writeValue(writer, node.initial, 0x80);
        for (const any of node.any) writeValue(writer, any, 0x81);
        if (node.final !== undefined) writeValue(writer, node.final, 0x82);
        writer.endSequence();
        return;
      case 'extensible':
        if (node.matchingRule !== undefined) writer.writeString(node.matchingRule, 0x81);
        if (node.attribute !== undefined) writer.writeString(node.attribute, 0x82);
        writeValue(writer, node.value, 0x83);
        if (node.dnAttributes) writer.writeBoolean(true, 0x84);
        return;
    }
  }

  public override toString(): string {
    return filterToString(this.node);
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readValue(reader: BerReader, tag: number): FilterValue {
  const buffer = reader.readString(tag, true) ?? Buffer.alloc(0);
  try {
    return utf8Decoder.decode(buffer);
  } catch {
    return Buffer.from(buffer);
  }
}

function readText(reader: BerReader, tag: number = Ber.OctetString): string {
  return reader.readString(tag) ?? '';
}

/**
 * Decodes a BER Filter back into a {@link FilterNode} (the reader is positioned on the filter's tag).
 * Used to read an assertion control and to test the encoding.
 */
export function decodeBerFilter(reader: BerReader): FilterNode {
  const tag = reader.peek();
  if (tag === SearchFilter.present) {
    reader.readSequence(tag);
    const attribute = reader.buffer.subarray(reader.offset, reader.offset + reader.length).toString('utf8');
    reader.offset += reader.length;
    return { type: 'present', attribute };
  }
  if (reader.readSequence() === null || tag === null) throw new Error('Truncated filter');
  const end = reader.offset + reader.length;
  switch (tag) {
    case SearchFilter.and:
    case SearchFilter.or: {
      const filters: FilterNode[] = [];
      while (reader.offset < end) filters.push(decodeBerFilter(reader));
      return tag === SearchFilter.and ? { type: 'and', filters } : { type: 'or', filters };
    }
    case SearchFilter.not:
      return { type: 'not', filter: decodeBerFilter(reader) };
    case SearchFilter.equalityMatch:
    case SearchFilter.greaterOrEqual:
    case SearchFilter.lessOrEqual:
    case SearchFilter.approxMatch: {
      const attribute = readText(reader);
      const value = readValue(reader, Ber.OctetString);
      const type = tag === SearchFilter.equalityMatch ? 'equality' : tag === SearchFilter.greaterOrEqual ? 'greaterOrEqual' : tag === SearchFilter.lessOrEqual ? 'lessOrEqual' : 'approx';
      return { type, attribute, value };
    }
    case SearchFilter.substrings: {
      const attribute = readText(reader);
      reader.readSequence();
      const node: FilterNode & { type: 'substrings' } = { type: 'substrings', attribute, any: [] };
      while (reader.offset < end) {
        const partTag = reader.peek();
        if (partTag === 0x80) node.initial = readValue(reader, 0x80);
        else if (partTag === 0x81) node.any.push(readValue(reader, 0x81));
        else if (partTag === 0x82) node.final = readValue(reader, 0x82);
        else throw new Error(`Invalid substring choice 0x${(partTag ?? 0).toString(16)}`);
      }
      return node;
    }
    case SearchFilter.extensibleMatch: {
      const node: FilterNode & { type: 'extensible' } = { type: 'extensible', dnAttributes: false, value: '' };
      while (reader.offset < end) {
        const partTag = reader.peek();
        if (partTag === 0x81) node.matchingRule = readText(reader, 0x81);
        else if (partTag === 0x82) node.attribute = readText(reader, 0x82);
        else if (partTag === 0x83) node.value = readValue(reader, 0x83);
        else if (partTag === 0x84) {
          reader.readSequence(0x84);
          node.dnAttributes = reader.buffer[reader.offset] !== 0;
          reader.offset += reader.length;
        } else throw new Error(`Invalid extensible match field 0x${(partTag ?? 0).toString(16)}`);
      }
      return node;
    }
    default:
      throw new Error(`Invalid filter tag 0x${tag.toString(16)}`);
  }
}
