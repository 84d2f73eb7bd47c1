// The kind implementation of each attribute declaration.
import type { AttributeDecl, AttributeSpec } from '../declarations.ts';
import type { AttributeKind } from './AttributeKind.ts';
import { compositeKind } from './composite.ts';
import { filesKind } from './files.ts';
import { dnsKind, orderedListKind, setKind } from './multi.ts';
import { baseKind, binaryKind, booleanKind, dateKind, dateTimeKind, dnKind, integerKind, selectKind } from './scalar.ts';
import { mailKind, phoneKind, postalAddressKind, readOnlyKind, stringKind, textAreaKind, urlKind } from './text.ts';

const readOnlySingle = readOnlyKind(false);
const readOnlyMulti = readOnlyKind(true);

/** The implementation behind a declaration's `kind`. */
export function kindOf(spec: AttributeSpec | AttributeDecl): AttributeKind {
  switch (spec.kind) {
    case 'string':
      return stringKind;
    case 'text':
      return textAreaKind;
    case 'postalAddress':
      return postalAddressKind;
    case 'mail':
      return mailKind;
    case 'phone':
      return phoneKind;
    case 'url':
      return urlKind;
    case 'integer':
      return integerKind;
    case 'boolean':
      return booleanKind;
    case 'select':
      return selectKind;
    case 'set':
      return setKind(kindOf);
    case 'orderedList':
      return orderedListKind(kindOf);
    case 'date':
      return dateKind;
    case 'dateTime':
      return dateTimeKind;
    case 'dn':
      return dnKind;
    case 'dns':
      return dnsKind(kindOf);
    case 'binary':
      return binaryKind;
    case 'base':
      return baseKind;
    case 'files':
      return filesKind;
    case 'readOnly':
      return spec.multi ? readOnlyMulti : readOnlySingle;
    case 'composite':
      return compositeKind(kindOf);
    case 'custom':
      throw new Error(`The custom kind "${spec.codec}" is resolved by the registry, from its plugin's kinds.`);
  }
}

export type { AttributeKind, CheckContext, JsonSchema, Problem, Value } from './AttributeKind.ts';
export { ValueError } from './AttributeKind.ts';
