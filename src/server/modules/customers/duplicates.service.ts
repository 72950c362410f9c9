import type { Actor } from '../../platform/access/actor';
import type { Tx } from '../../platform/db/database';
import { companyKey, nameKeys, normalizeName } from './duplicates.keys';
import { type CandidateRow, type DuplicateObjectType, findCandidateRows } from './duplicates.repo';

/** Why two records look like the same customer. */
export type DuplicateReason = 'same_phone' | 'same_email' | 'similar_name_company';

/** The record being created or edited, as the candidate finder sees it. */
export interface DuplicateProbe {
  /** Phones in E.164. */
  phones: string[];
  /** E-mails, lower-cased. */
  emails: string[];
  name: string;
  /** The contact's (primary) company name; ignored for companies. */
  companyName?: string | null;
  /** The record itself when it is being updated. */
  excludeId?: string;
}

/** A record that may be the same customer as the probe. */
export interface DuplicateCandidate {
  id: string;
  name: string;
  reasons: DuplicateReason[];
  /** 0–100: how sure we are; a shared phone or e-mail alone scores 60, both 90+. */
  score: number;
}

const MAX_CANDIDATES = 20;

/**
 * Points per piece of evidence. A shared phone or e-mail is strong on its own; a similar name at
 * the same company is weaker (namesakes exist) and is scaled by how alike the names are.
 */
export function scoreCandidate(
  row: Pick<CandidateRow, 'samePhone' | 'sameEmail' | 'similarNameCompany' | 'nameSimilarity'>,
): number {
  let score = 0;
  if (row.samePhone) score += 60;
  if (row.sameEmail) score += 60;
  if (row.samePhone && row.sameEmail) score -= 30;
  if (row.similarNameCompany) score += 20 + Math.round(30 * Math.min(1, row.nameSimilarity));
  return Math.min(100, score);
}

/**
 * Records of the workspace that may be the same customer as `probe`: same normalized phone, same
 * e-mail (contacts), or a similar name at the same company (contacts: same/homophone name or
 * trigram similarity ≥ 0.5; companies: similar name). Only live records the actor may see are
 * returned, best first. Called by contact/company create and update (warning or 409) and by import.
 */
export async function findDuplicateCandidates(
  tx: Tx,
  actor: Actor,
  objectType: DuplicateObjectType,
  probe: DuplicateProbe,
): Promise<DuplicateCandidate[]> {
  const phones = [...new Set(probe.phones.filter(Boolean))];
  const emails =
    objectType === 'contact' ? [...new Set(probe.emails.filter(Boolean).map((e) => e.toLowerCase()))] : [];
  const name = normalizeName(probe.name);
  const key = objectType === 'contact' ? companyKey(probe.companyName) : null;
  if (phones.length === 0 && emails.length === 0 && !(name && (key || objectType === 'company'))) return [];

  const rows = await findCandidateRows(tx, actor, objectType, {
    phones,
    emails,
    name,
    nameKeys: nameKeys(name),
    companyKey: key,
    excludeId: probe.excludeId,
    limit: MAX_CANDIDATES * 2,
  });
  return rows
    .map((row): DuplicateCandidate => {
      const reasons: DuplicateReason[] = [];
      if (row.samePhone) reasons.push('same_phone');
      if (row.sameEmail) reasons.push('same_email');
      if (row.similarNameCompany) reasons.push('similar_name_company');
      return { id: row.id, name: row.name, reasons, score: scoreCandidate(row) };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, MAX_CANDIDATES);
}

export type { DuplicateObjectType };
