export {
  type Address,
  type AddressInput,
  type ChineseAddress,
  type ForeignAddress,
  normalizeAddress,
  parseAddress,
} from './address.js';
export { normalizeEmail } from './email.js';
export { type NormalizedPhone, type NormalizePhoneOptions, normalizePhone } from './phone.js';
export { type Region, type RegionOption, regionChildren, regionPath } from './regions.js';
export { fail, type NormalizeError, type NormalizeErrorCode, type NormalizeResult, ok } from './result.js';
