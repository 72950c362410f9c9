import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { countDataRows, dataRows } from './file-rows';

const dir = mkdtempSync(path.join(tmpdir(), 'guanxi-file-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function both(content: string | Buffer, ext = '.csv') {
  const file = path.join(dir, `f${n++}${ext}`);
  writeFileSync(file, content);
  let parsed = 0;
  for await (const _ of dataRows(file, `x${ext}`)) parsed++;
  return { counted: await countDataRows(file, `x${ext}`), parsed };
}

const cell = fc.oneof(
  fc.constantFrom('', ' ', '张三', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '""', ' " ', '13800138000'),
  fc.string({ maxLength: 6 }),
);
const quote = (v: string) => (/[",\r\n]/.test(v) || v.trim() !== v ? `"${v.replace(/"/g, '""')}"` : v);

describe('countDataRows', () => {
  it('counts what the parser yields: quoted line breaks and quotes, blank and empty rows, CRLF and CR', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        async (rows, eol, bom) => {
          const text = `${bom ? '\ufeff' : ''}${['姓名,手机', ...rows.map((r) => r.map(quote).join(','))].join(eol)}${eol}`;
          const { counted, parsed } = await both(text);
          expect(counted).toBe(parsed);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts across read chunks and in GB18030', async () => {
    const lines = ['姓名,备注'];
    for (let i = 0; i < 20_000; i++)
      lines.push(i % 7 === 0 ? `王${i},"第${i}行\n""引号"""` : i % 11 === 0 ? ',' : `李${i},x`);
    const text = `${lines.join('\r\n')}\r\n`;
    const utf8 = await both(text);
    expect(utf8.counted).toBe(utf8.parsed);
    const gb = await both(iconv.encode(text, 'gb18030'));
    expect(gb).toEqual(utf8);
    expect(await both(iconv.encode(text.replace(/,/g, '\t'), 'utf-8'), '.tsv')).toEqual(utf8);
  });
});
