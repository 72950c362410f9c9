import type { Role } from './roles';

/** Who is acting, in which workspace, with which reach. Every service call takes one. */
export interface Actor {
  tenantId: string;
  userId: string;
  role: Role;
  via: 'session' | 'api_key';
  sessionId?: string;
  apiKeyId?: string;
  /**
   * Whose records this actor sees: 'all' (admins), or the user ids of the owners whose records are
   * visible (self, plus the members of the teams and sub-teams a manager manages). Unowned records
   * are visible to everyone in the workspace.
   */
  visibleOwners: 'all' | string[];
  /**
   * The workspace's `meta_version` when the request was authenticated: cached region and custom
   * field definitions are used only while it matches.
   */
  metaVersion?: number;
}
