import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['138 0013 8000'],
    ['+86 138-0013-8000'],
    ['0086 138 0013 8000'],
    ['（+86）13800138000'],
    ['138-0013-8000'],
  ])('reads the mobile %s', (input) => {
    const result = normalizePhone(input);
    expect(result).toEqual({
      ok: true,
      value: {
        e164: '+8613800138000',
        digits: '8613800138000',
        national: '138 0013 8000',
        country: 'CN',
        type: 'MOBILE',
        valid: true,
        extension: undefined,
      },
    });
  });

  it('reads a landline with its trunk prefix', () => {
    const result = normalizePhone('010-12345678');
    expect(result.ok && result.value).toMatchObject({
      e164: '+861012345678',
      national: '010 1234 5678',
      type: 'FIXED_LINE',
    });
  });

  it.each(['010-12345678 ext. 123', '010-12345678转123', '010-12345678 分机 123', '010 1234 5678 x123'])(
    'keeps the extension of %s apart',
    (input) => {
      const result = normalizePhone(input);
      expect(result.ok && result.value).toMatchObject({ e164: '+861012345678', extension: '123' });
    },
  );

  it('uses the default region only for numbers without a country code', () => {
    expect(normalizePhone('020 7123 4567', 'GB').ok && normalizePhone('020 7123 4567', 'GB')).toMatchObject({
      value: { e164: '+442071234567', country: 'GB' },
    });
    const us = normalizePhone('+1 650 253 0000');
    expect(us.ok && us.value.e164).toBe('+16502530000');
  });

  it.each(['', 'abc', '12345', '95588', '1380013800'])('rejects %j as invalid_phone', (input) => {
    const result = normalizePhone(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('invalid_phone');
  });

  it('accepts a possible but invalid number when not strict', () => {
    const result = normalizePhone('1380013800', 'CN', { strict: false });
    expect(result.ok && result.value).toMatchObject({ e164: '+861380013800', valid: false });
  });
});
