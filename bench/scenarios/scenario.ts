import type { AutocannonRequest } from 'autocannon';
import type { BaselineSession, HttpSession } from '../lib/session';
import type { Operation } from '../lib/sql-load';
import type { Floor, OnceMeasurement } from '../lib/types';

/** One measured thing inside a scenario, e.g. "first page" of contacts-list. */
export interface Variant {
  name: string;
  /** The autocannon requests for the HTTP run. */
  http(session: HttpSession): Promise<AutocannonRequest[]>;
  /** The equivalent work as raw SQL, run with the same concurrency. */
  baseline(session: BaselineSession): Promise<Operation>;
}

/** A measurement taken once per driver (e.g. a background job timed end to end). */
export interface OnceVariant {
  name: string;
  /** Through the API, against the running server. */
  http(session: HttpSession): Promise<OnceMeasurement>;
  /** The same database work as raw SQL, after the server stopped. */
  baseline?(session: BaselineSession): Promise<OnceMeasurement>;
}

/** A benchmark scenario: its variants, the budget it is held to, and what it needs seeded. */
export interface Scenario {
  name: string;
  title: string;
  floor?: Floor;
  /** Contacts that must exist before the variants run. */
  seedContacts?(args: { seedContacts: number }): number;
  variants: Variant[];
  /** Standing remarks printed under the section's heading (what the variants are). */
  notes?: string[];
  /** One-off measurements, after the load variants. */
  once?: OnceVariant[];
}
