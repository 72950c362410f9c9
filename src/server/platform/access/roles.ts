/** Workspace roles, first version. Field-level rights and sharing slot in beside `can`. */
export const ROLES = ['admin', 'manager', 'member', 'read_only'] as const;
export type Role = (typeof ROLES)[number];

/** Actions on business records and on the workspace itself. */
export type Action = 'read' | 'create' | 'update' | 'delete' | 'export' | 'admin';

const RIGHTS: Record<Role, readonly Action[]> = {
  admin: ['read', 'create', 'update', 'delete', 'export', 'admin'],
  manager: ['read', 'create', 'update', 'delete', 'export'],
  member: ['read', 'create', 'update', 'delete'],
  read_only: ['read'],
};

/** Whether `role` may perform `action` on `objectType` at all (row scope is checked separately). */
export function can(role: Role, action: Action, _objectType?: string): boolean {
  return RIGHTS[role].includes(action);
}
