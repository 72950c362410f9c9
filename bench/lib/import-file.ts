import { generateContacts, type SeedContact } from '../seed';

/** What a generated import file holds, so a run can check the outcome. */
export interface ImportFile {
  csv: string;
  rows: number;
  /** Rows repeating the phone or e-mail of an earlier row (policy skip: skipped). */
  duplicates: number;
  /** Rows with an unusable phone or e-mail (rejected with a reason). */
  bad: number;
  /** The good, first-seen rows: what a raw-SQL baseline loads. */
  contacts: SeedContact[];
}

export interface ImportFileOptions {
  rows: number;
  seed: number;
  /** Share of rows that repeat an earlier person (default 0.03). */
  duplicateShare?: number;
  /** Share of rows with a bad phone or e-mail (default 0.01). */
  badShare?: number;
}

/** Deterministic PRNG (mulberry32), separate from the generator's own. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A phone the way people type it into a spreadsheet: mostly bare 11 digits, some spaced or +86. */
function typedPhone(e164: string, r: number): string {
  if (!e164.startsWith('+86')) return e164;
  const national = e164.slice(3);
  if (r < 0.7) return national;
  if (r < 0.85) return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  if (r < 0.95) return `+86 ${national}`;
  return `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A contact CSV as a Chinese sales team exports it (UTF-8 with BOM, Chinese headers), from the
 * bench's realistic generator: ~60% zh-CN and ~40% en names, typed phones in several forms,
 * ~3% rows repeating an earlier person's phone or e-mail under a slightly different spelling,
 * ~1% rows with a phone or e-mail that cannot be used.
 */
export function importCsv(options: ImportFileOptions): ImportFile {
  const random = prng(options.seed ^ 0x5eed);
  const duplicateShare = options.duplicateShare ?? 0.03;
  const badShare = options.badShare ?? 0.01;
  const lines = ['\ufeff姓名,手机,邮箱,公司,职务,性别'];
  const contacts: SeedContact[] = [];
  const generated = generateContacts({ count: options.rows, seed: options.seed });
  let duplicates = 0;
  let bad = 0;
  for (let i = 0; i < options.rows; i++) {
    const c = generated.next().value as SeedContact;
    const roll = random();
    const gender =
      c.gender === 'male' ? (c.locale === 'zh-CN' ? '男' : 'M') : c.locale === 'zh-CN' ? '女' : 'F';
    if (roll < duplicateShare && contacts.length > 0) {
      // The same person typed again: same phone (or same e-mail in capitals), name as it was.
      const earlier = contacts[Math.floor(random() * contacts.length)];
      const byPhone = random() < 0.7;
      lines.push(
        [
          earlier.name,
          byPhone ? typedPhone(earlier.phone, random()) : '',
          byPhone ? '' : earlier.email.toUpperCase(),
          earlier.company,
          earlier.title,
          '',
        ]
          .map(csvCell)
          .join(','),
      );
      duplicates++;
      continue;
    }
    if (roll < duplicateShare + badShare) {
      const badPhone = random() < 0.5;
      lines.push(
        [
          c.name,
          badPhone ? `${c.phone.slice(-5)}` : typedPhone(c.phone, random()),
          badPhone ? c.email : c.email.replace('@', ' at '),
          c.company,
          c.title,
          gender,
        ]
          .map(csvCell)
          .join(','),
      );
      bad++;
      continue;
    }
    contacts.push(c);
    lines.push(
      [c.name, typedPhone(c.phone, random()), c.email, c.company, c.title, gender].map(csvCell).join(','),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: options.rows, duplicates, bad, contacts };
}
