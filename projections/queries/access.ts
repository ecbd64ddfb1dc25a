// Role lookups for one requester, from the effective-access tables: 'admin' for a superadmin, undefined
// without a role or when the site or project does not exist (or was deleted).
import type { Requester } from '../../domain/access.js';
import type { Role } from '../../domain/roles.js';
import type { AnyDb } from '../types.js';

export async function siteRoleOf(db: AnyDb, requester: Requester, siteId: number): Promise<Role | undefined> {
  const site = await db.selectFrom('sites').select('id_site').where('id_site', '=', siteId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!site) return undefined;
  if (requester.superadmin) return 'admin';
  const row = await db.selectFrom('user_site_access').select('role').where('id_user', '=', requester.id).where('id_site', '=', siteId).executeTakeFirst();
  return row?.role as Role | undefined;
}

export async function projectRoleOf(db: AnyDb, requester: Requester, projectId: number): Promise<Role | undefined> {
  const project = await db.selectFrom('projects').select('id_project').where('id_project', '=', projectId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!project) return undefined;
  if (requester.superadmin) return 'admin';
  const row = await db.selectFrom('user_project_access').select('role').where('id_user', '=', requester.id).where('id_project', '=', projectId).executeTakeFirst();
  return row?.role as Role | undefined;
}
