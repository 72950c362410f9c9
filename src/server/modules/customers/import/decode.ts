import iconv from 'iconv-lite';

/** Encodings a CSV upload may arrive in. */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le';

interface Decoder {
  write(buf: Buffer): string;
  end(): string | undefined;
}

/** How many bytes after the first non-ASCII byte are inspected before choosing an encoding. */
const SNIFF_BYTES = 16 * 1024;

function firstNonAscii(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) if (buf[i] > 0x7f) return i;
  return -1;
}

function isUtf8(buf: Buffer, final: boolean): boolean {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a byte stream to text, choosing the encoding on the fly: a UTF-8 or UTF-16LE BOM wins;
 * otherwise ASCII passes straight through until the first non-ASCII byte, and the next 16 KiB
 * decide between UTF-8 and GB18030 (Excel's "CSV" in Chinese Windows). Only that window is
 * buffered. `onEncoding` reports the choice.
 */
export async function* decodeText(
  chunks: AsyncIterable<Buffer | Uint8Array | string>,
  onEncoding?: (encoding: TextEncoding) => void,
): AsyncGenerator<string> {
  let decoder: Decoder | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let start = true;
  const choose = (encoding: TextEncoding): Decoder => {
    onEncoding?.(encoding);
    return iconv.getDecoder(encoding, { stripBOM: true });
  };
  for await (const raw of chunks) {
    const chunk =
      typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (decoder) {
      const text = decoder.write(chunk);
      if (text) yield text;
      continue;
    }
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (start) {
      if (pending.length < 3) continue;
      start = false;
      if (pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf) decoder = choose('utf-8');
      else if (pending[0] === 0xff && pending[1] === 0xfe) decoder = choose('utf-16le');
      if (decoder) {
        const text = decoder.write(pending);
        pending = Buffer.alloc(0);
        if (text) yield text;
        continue;
      }
    }
    const at = firstNonAscii(pending);
    if (at < 0) {
      yield pending.toString('latin1');
      pending = Buffer.alloc(0);
      continue;
    }
    if (pending.length - at < SNIFF_BYTES) continue;
    decoder = choose(isUtf8(pending.subarray(at), false) ? 'utf-8' : 'gb18030');
    if (at > 0) yield pending.subarray(0, at).toString('latin1');
    const text = decoder.write(pending.subarray(at));
    pending = Buffer.alloc(0);
    if (text) yield text;
  }
  if (!decoder) {
    const at = firstNonAscii(pending);
    if (start && pending[0] === 0xff && pending[1] === 0xfe) decoder = choose('utf-16le');
    else decoder = choose(at < 0 || isUtf8(pending.subarray(at), true) ? 'utf-8' : 'gb18030');
    const text = decoder.write(pending);
    if (text) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}
