export { decodeText, type TextEncoding } from './decode.js';
export { autoMapHeaders, CONTACT_IMPORT_FIELDS, type ImportField, normalizeHeader } from './headers.js';
export { openTabularStream, type TabularOptions } from './tabular.js';
