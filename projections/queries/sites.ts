// Sites as OpenTera serves them, filtered in SQL by the requester's effective access.
import { sql } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { Role } from '../../domain/roles.js';
import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';

export interface SiteJson {
  id_site: number;
  site_name: string;
  site_2fa_required: boolean;
  site_role?: Role | null;
}

interface SiteRow {
  id_site: number;
  site_name: string;
  site_2fa_required: boolean;
  role: Role | null;
}

export function siteJson(row: Omit<SiteRow, 'role'>): SiteJson {
  return { id_site: row.id_site, site_name: row.site_name, site_2fa_required: row.site_2fa_required };
}

export async function siteUuidOf(db: AnyDb, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('sites').select('site_uuid').where('id_site', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row?.site_uuid as string | undefined;
}

export async function siteById(db: AnyDb, id: number): Promise<SiteJson | undefined> {
  const row = await db.selectFrom('sites').select(['id_site', 'site_name', 'site_2fa_required']).where('id_site', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? siteJson(row) : undefined;
}

export interface SiteFilter {
  id?: number;
  name?: string;
  /** The sites this live device is linked to. */
  deviceId?: number;
}

/** Sites `user` may access, with `user`'s role on each; `requester` (when another user) must access them too. */
async function sitesOf(db: AnyDb, user: { id: number; superadmin: boolean }, filter: SiteFilter, requester?: Requester): Promise<SiteRow[]> {
  let query = db
    .selectFrom('sites as s')
    .select(['s.id_site', 's.site_name', 's.site_2fa_required'])
    .where('s.deleted_at', 'is', null)
    .orderBy('s.site_name')
    .orderBy('s.id_site');
  if (filter.id !== undefined) query = query.where('s.id_site', '=', filter.id);
  if (filter.name !== undefined) query = query.where('s.site_name', '=', filter.name);
  if (filter.deviceId !== undefined) {
    const deviceId = filter.deviceId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('devices_sites as ds')
          .innerJoin('devices as d', 'd.id_device', 'ds.id_device')
          .select('ds.id_site')
          .whereRef('ds.id_site', '=', 's.id_site')
          .where('ds.id_device', '=', deviceId)
          .where('ds.deleted_at', 'is', null)
          .where('d.deleted_at', 'is', null),
      ),
    );
  }
  if (requester && !requester.superadmin) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('user_site_access as r').select('r.id_site').whereRef('r.id_site', '=', 's.id_site').where('r.id_user', '=', requester.id)),
    );
  }
  const withRole = user.superadmin
    ? query.select(sql<Role>`'admin'`.as('role'))
    : query.innerJoin('user_site_access as a', (join) => join.onRef('a.id_site', '=', 's.id_site').on('a.id_user', '=', user.id)).select('a.role');
  return (await withRole.execute());
}

export async function accessibleSites(db: AnyDb, requester: Requester, filter: SiteFilter = {}): Promise<SiteJson[]> {
  const rows = await sitesOf(db, requester, filter);
  return rows.map((r) => ({ ...siteJson(r), site_role: r.role }));
}

/**
 * The sites of another user that the requester may also access. As OpenTera, `site_role` is that user's
 * role, not the requester's: clients show it when editing the user.
 */
export async function sitesOfUser(db: AnyDb, requester: Requester, userUuid: string, filter: SiteFilter = {}): Promise<SiteJson[]> {
  if (!isUuid(userUuid)) return [];
  const user = await db.selectFrom('users').select(['id_user', 'user_superadmin']).where('user_uuid', '=', userUuid).where('deleted_at', 'is', null).executeTakeFirst();
  if (!user) return [];
  const rows = await sitesOf(db, { id: user.id_user as number, superadmin: user.user_superadmin as boolean }, filter, requester);
  return rows.map((r) => ({ ...siteJson(r), site_role: r.role }));
}
