/** Byte order mark: Excel (in China too) then reads a CSV as UTF-8 instead of the ANSI code page. */
export const UTF8_BOM = '\ufeff';

const NEEDS_QUOTES = /[",\r\n]/;
// A cell Excel would run as a formula (CSV injection): =…, @…, +/- followed by more than a number.
const FORMULA = /^(?:[=@\t\r]|[+-](?![\d\s().-]*$))/;

/** One CSV cell: formulas neutralised with a leading apostrophe, quoted when needed. */
export function csvCell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated, as RFC 4180 and Excel expect). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
