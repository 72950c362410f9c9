/** Shapes the web app reads from the API (see docs/api-contract.md). */

export type Locale = 'zh-CN' | 'en';

/** A user's role inside one workspace. */
export type Role = 'admin' | 'manager' | 'member' | 'read_only';

export const ROLES: readonly Role[] = ['admin', 'manager', 'member', 'read_only'];

/** The signed-in user, the current workspace and the CSRF token for cookie-authenticated writes. */
export interface Session {
  user: { id: string; name: string; email: string; locale: Locale | null };
  workspace: { id: string; name: string };
  role: Role;
  csrfToken: string;
  workspaces: { id: string; name: string; role: Role }[];
}

/** A list page: `nextCursor` is null on the last page; there is never a total count. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Contact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  ownerId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Editable contact fields, in the order they are shown. */
export type ContactField = 'name' | 'email' | 'phone';

export interface WorkspaceUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  teamId: string | null;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  /** Link to share when the server cannot send e-mail (optional, not yet in the contract). */
  acceptUrl?: string;
}

export interface Team {
  id: string;
  name: string;
  parentId: string | null;
  managerIds: string[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Workspace {
  id: string;
  name: string;
  defaultRegion?: string | null;
  defaultLocale?: Locale | null;
}

/** One hit of the global search. */
export interface SearchHit {
  type: 'contact' | 'company';
  id: string;
  title: string;
  subtitle?: string | null;
}
