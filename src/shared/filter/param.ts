import { FilterError } from './errors';

/** Parses the `filter` query parameter (JSON text); an empty parameter means no filter. */
export function parseFilterParam(param: string | undefined, path = 'filter'): unknown {
  if (param === undefined || param.trim() === '') return undefined;
  try {
    return JSON.parse(param);
  } catch {
    throw FilterError.single(path, 'invalid_json', 'The filter is not valid JSON');
  }
}
