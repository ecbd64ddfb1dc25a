import { sql } from 'kysely';
import type { AnyDb } from '../types.js';

/** Users that the site 2FA rule (domain/twoFactor.ts) says must have 2FA, and who do not yet. */
export async function usersMissingRequiredTwoFactor(db: AnyDb): Promise<string[]> {
  const rows = await db
    .selectFrom('users as u')
    .select('u.user_uuid')
    .where('u.deleted_at', 'is', null)
    .where('u.user_2fa_enabled', '=', false)
    .where((eb) =>
      eb.or([
        eb.and([eb('u.user_superadmin', '=', true), eb.exists(eb.selectFrom('sites').select(sql`1`.as('one')).where('site_2fa_required', '=', true).where('deleted_at', 'is', null))]),
        eb.exists(
          eb
            .selectFrom('user_user_groups as m')
            .innerJoin('user_groups as g', 'g.id_user_group', 'm.id_user_group')
            .innerJoin('service_access as a', 'a.id_user_group', 'g.id_user_group')
            .innerJoin('service_roles as r', 'r.id_service_role', 'a.id_service_role')
            .innerJoin('sites as s', 's.id_site', 'r.id_site')
            .select(sql`1`.as('one'))
            .whereRef('m.id_user', '=', 'u.id_user')
            .where('s.site_2fa_required', '=', true)
            .where('m.deleted_at', 'is', null)
            .where('g.deleted_at', 'is', null)
            .where('a.deleted_at', 'is', null)
            .where('r.deleted_at', 'is', null)
            .where('s.deleted_at', 'is', null),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => r.user_uuid as string);
}
