// A search of the web interface's typeahead (`GET /ui/api/choices`): its query parameters read and checked, then
// answered from the nomenclatures (the shape of contract.ts's ChoicesAnswer).
import { AppError } from '../errors/AppError.ts';
import type { NomenclatureChoice, Nomenclatures, NomenclatureSearchResult } from './Nomenclatures.ts';

/** At most this many choices per answer. */
export const MAX_CHOICES = 200;

const invalid = (message: string, attribute: string) => new AppError({ code: 'value.invalid', message, attribute });

/**
 * `list` (required), `prefixed` (`1`), `q`, `limit` (1–200, default 20), `type` and `sector` (diplomas); or `value`
 * (repeatable): the choices of those values, for the labels of current values. An unknown list has no choices.
 * @example searchChoices(nomenclatures, new URLSearchParams('list=diplome&prefixed=1&q=genie&type=CB'))
 */
export function searchChoices(nomenclatures: Nomenclatures | undefined, params: URLSearchParams): NomenclatureSearchResult {
  const list = params.get('list') ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(list)) throw invalid(list === '' ? 'Give the "list" to search (a nomenclature such as "entite").' : `"${list}" is not a nomenclature name.`, 'list');
  const prefixedText = params.get('prefixed') ?? '0';
  if (prefixedText !== '0' && prefixedText !== '1') throw invalid('"prefixed" must be 0 or 1.', 'prefixed');
  const prefixed = prefixedText === '1';
  const limitText = params.get('limit');
  const limit = limitText === null || limitText === '' ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHOICES) throw invalid(`"limit" must be a whole number from 1 to ${MAX_CHOICES}.`, 'limit');
  if (!nomenclatures) return { choices: [], total: 0 };
  const values = params.getAll('value');
  if (values.length > 0) {
    if (values.length > MAX_CHOICES) throw invalid(`At most ${MAX_CHOICES} values at a time.`, 'value');
    const found = values.map((v) => nomenclatures.find(list, prefixed, v)).filter((c): c is NomenclatureChoice => c !== undefined);
    return { choices: found, total: found.length };
  }
  const type = params.get('type') ?? '';
  const sector = params.get('sector') ?? '';
  return nomenclatures.search(list, prefixed, params.get('q') ?? '', { limit, ...(type || sector ? { where: { ...(type ? { type } : {}), ...(sector ? { sector } : {}) } } : {}) });
}
