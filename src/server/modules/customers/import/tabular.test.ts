import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { TextEncoding } from './decode.js';
import { openTabularStream } from './tabular.js';

const dir = mkdtempSync(join(tmpdir(), 'guanxi-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = [
  ['姓名', '手机', '邮箱', '公司'],
  ['张三', '138 0013 8000', 'zs@qq.com', '深圳市腾讯计算机系统有限公司'],
  ['Ada Lovelace', '+44 20 7123 4567', 'ada@example.com', 'Babbage, "Analytical" Ltd'],
];
const csv = `${rows.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`;

async function collect(source: string | Readable, filename?: string) {
  const out: string[][] = [];
  let encoding: TextEncoding | undefined;
  for await (const row of openTabularStream(source, { filename, onEncoding: (e) => (encoding = e) }))
    out.push(row);
  return { rows: out, encoding };
}

describe('openTabularStream', () => {
  it('reads UTF-8 CSV', async () => {
    const file = join(dir, 'utf8.csv');
    writeFileSync(file, csv, 'utf8');
    expect(await collect(file)).toEqual({ rows, encoding: 'utf-8' });
  });

  it('reads UTF-8 CSV with BOM', async () => {
    const file = join(dir, 'bom.csv');
    writeFileSync(file, `\ufeff${csv}`, 'utf8');
    expect(await collect(file)).toEqual({ rows, encoding: 'utf-8' });
  });

  it('reads GB18030 CSV (Excel on Chinese Windows)', async () => {
    const file = join(dir, 'gbk.csv');
    writeFileSync(file, iconv.encode(csv, 'gb18030'));
    expect(await collect(file)).toEqual({ rows, encoding: 'gb18030' });
  });

  it('detects GB18030 after a long ASCII prefix, from a stream in small chunks', async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) => `Person ${i},1380013${String(i).padStart(4, '0')}`);
    const text = `name,phone\r\n${ascii.join('\r\n')}\r\n王五,13900000000\r\n`;
    const bytes = iconv.encode(text, 'gb18030');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) =>
      bytes.subarray(i * 1000, i * 1000 + 1000),
    );
    const result = await collect(Readable.from(chunks), 'upload.csv');
    expect(result.encoding).toBe('gb18030');
    expect(result.rows).toHaveLength(3002);
    expect(result.rows.at(-1)).toEqual(['王五', '13900000000']);
  });

  it('keeps UTF-8 characters split across chunks', async () => {
    const bytes = Buffer.from(csv, 'utf8');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect((await collect(Readable.from(chunks), 'x.csv')).rows).toEqual(rows);
  });

  it('reads the first sheet of an XLSX, by extension or by content', async () => {
    const file = join(dir, 'contacts.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('联系人');
    sheet.addRow([...rows[0], '生日', '年龄']);
    sheet.addRow([...rows[1], new Date(Date.UTC(1990, 4, 17)), 34]);
    sheet.addRow([]);
    sheet.addRow([...rows[2], null, 36]);
    workbook.addWorksheet('other').addRow(['ignored']);
    await workbook.xlsx.writeFile(file);
    const expected = [
      [...rows[0], '生日', '年龄'],
      [...rows[1], '1990-05-17', '34'],
      [...rows[2], '', '36'],
    ];
    expect((await collect(file)).rows).toEqual(expected);
    const { createReadStream } = await import('node:fs');
    expect((await collect(createReadStream(file), 'upload.bin')).rows).toEqual(expected);
  });

  it('sniffs CSV when the name says nothing', async () => {
    expect((await collect(Readable.from([Buffer.from(csv)]), 'upload')).rows).toEqual(rows);
  });
});
