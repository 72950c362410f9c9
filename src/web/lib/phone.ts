const CN_MOBILE = /^\+86(1\d{2})(\d{4})(\d{4})$/;
const NANP = /^\+1(\d{3})(\d{3})(\d{4})$/;

/**
 * Groups the digits of an E.164 number for reading, for the common cases: Chinese mobiles
 * (+86 138 0013 8000) and North American numbers (+1 415 555 0100). Anything else is shown as stored.
 */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const [number, ext] = e164.split(';ext=');
  const cn = CN_MOBILE.exec(number);
  const nanp = NANP.exec(number);
  let out = number;
  if (cn) out = `+86 ${cn[1]} ${cn[2]} ${cn[3]}`;
  else if (nanp) out = `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}`;
  return ext ? `${out} ext. ${ext}` : out;
}
