/** What a caller may do. IDAH's rights are `sync:<resource>.<action>.<scope>`; scopes are not modelled here. */
export type Permission = 'read' | 'create' | 'delete';

export const ALL_PERMISSIONS: readonly Permission[] = ['read', 'create', 'delete'];

/** Who made a request, once authenticated. */
export interface Caller {
  /** `user:<id>`, `token:<n>`, or `local` when auth is off. */
  id: string;
  /** The IDAH user id when the caller came with a JWT (recorded as `created_by_id`). */
  userId: string | null;
  role: string;
  permissions: ReadonlySet<Permission>;
}

/**
 * IDAH's role table (`common/data/roles/*.yml`) for the sync rights: every human role reads
 * and creates exports; unlike upstream, where no human role may delete, the owner's roles may
 * also delete and cancel (delete) their jobs and exports. `system` may do everything.
 */
export const ROLE_PERMISSIONS: Readonly<Record<string, readonly Permission[]>> = {
  user: ['read', 'create', 'delete'],
  org_owner: ['read', 'create', 'delete'],
  admin: ['read', 'create', 'delete'],
  system: ALL_PERMISSIONS,
};

export function parsePermissions(text: string, where: string): Permission[] {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(ALL_PERMISSIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`${where}: unknown permission ${unknown.join(', ')}; expected ${ALL_PERMISSIONS.join(', ')}`);
  return names as Permission[];
}
