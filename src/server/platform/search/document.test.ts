import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { buildSearchDocument, phoneForms, wordList } from './document';

/** The forms as computed by parsing, which the `+86` mobile shortcut must reproduce exactly. */
function parsedForms(phone: string): string[] {
  const forms = new Set<string>();
  const parsed = parsePhoneNumberFromString(phone, 'CN');
  if (parsed) {
    forms.add(parsed.number.replace(/\D/g, ''));
    forms.add(parsed.nationalNumber);
    forms.add(parsed.formatNational().replace(/\D/g, ''));
  }
  const digits = phone.replace(/\D/g, '');
  if (digits) forms.add(digits);
  return [...forms].filter((f) => f.length > 0);
}

describe('phoneForms', () => {
  it('gives a +86 mobile the same forms as parsing it, for every prefix 130–199', () => {
    let n = 0;
    for (let prefix = 1300; prefix <= 1999; prefix++) {
      for (const tail of [
        '0000000',
        '1234567',
        '9999999',
        String((prefix * 7919) % 10_000_000).padStart(7, '0'),
      ]) {
        const phone = `+86${prefix}${tail}`;
        expect(phoneForms(phone), phone).toEqual(parsedForms(phone));
        n++;
      }
    }
    expect(n).toBe(2800);
  });

  it('parses everything else', () => {
    for (const phone of ['+861012345678', '+8675512345678', '+14155550123', '+8612345678901', '010-1234'])
      expect(phoneForms(phone), phone).toEqual(parsedForms(phone));
  });
});

describe('buildSearchDocument', () => {
  it('builds the same document when the names and companies were seen before', () => {
    const source = {
      names: ['单雨桐'],
      emails: ['yt@qq.com'],
      phones: ['+8613800138000'],
      companies: ['深圳腾讯科技有限公司'],
    };
    const first = buildSearchDocument(source);
    expect(first.tokens).toContain('shanyutong');
    expect(first.tokens).toContain('#8000');
    expect(buildSearchDocument({ ...source })).toEqual(first);
  });
});

/** Word list as the segmenter gives it, the reference for the ASCII shortcut. */
function segmentedWords(text: string): string[] {
  const words: string[] = [];
  for (const part of new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)) {
    if (!part.isWordLike) continue;
    for (const word of part.segment.split(/[^\p{L}\p{N}]+/u)) {
      if (!word) continue;
      words.push(word);
      if (!/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u.test(word) && word.length > 2)
        words.push(word.slice(0, 2));
    }
  }
  return words;
}

describe('wordList', () => {
  it('splits ASCII text exactly as the segmenter does', () => {
    for (const text of [
      'zhang.san123@qq.com',
      "o'brien-smith@x.co",
      'a_b c.d 1.5e3 x--y',
      '   ',
      'Ada Lovelace',
    ])
      expect(wordList(text), text).toEqual(segmentedWords(text));
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."ab9Z.@_-' ,:/+#1".split('')), maxLength: 24 }),
        (text) => {
          expect(wordList(text)).toEqual(segmentedWords(text));
        },
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 24 }), (text) => {
        expect(wordList(text)).toEqual(segmentedWords(text));
      }),
      { numRuns: 1000 },
    );
  });
});
