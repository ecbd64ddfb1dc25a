import type { SiteEvent } from '../../domain/site.js';
import type { Projector } from '../types.js';
import { OPENTERA_SERVICE_ID } from '../openTeraService.js';

export const sitesProjector: Projector = {
  name: 'sites',
  async apply(db, recorded) {
    const event = recorded as unknown as SiteEvent & { streamId: string; metadata: { time: string } };
    const siteUuid = recorded.streamId.slice('site-'.length);
    switch (event.type) {
      case 'SiteCreated': {
        const { id, uuid, name, twoFactorRequired, adminRoleId, userRoleId } = event.data;
        await db
          .insertInto('sites')
          .values({ id_site: id, site_uuid: uuid, site_name: name, site_2fa_required: twoFactorRequired })
          .onConflict((oc) => oc.column('id_site').doNothing())
          .execute();
        await db
          .insertInto('service_roles')
          .values([
            { id_service_role: adminRoleId, id_service: OPENTERA_SERVICE_ID, id_site: id, service_role_name: 'admin' },
            { id_service_role: userRoleId, id_service: OPENTERA_SERVICE_ID, id_site: id, service_role_name: 'user' },
          ])
          .onConflict((oc) => oc.column('id_service_role').doNothing())
          .execute();
        return;
      }
      case 'SiteRenamed':
        await db.updateTable('sites').set({ site_name: event.data.name }).where('site_uuid', '=', siteUuid).execute();
        return;
      case 'SiteTwoFactorRequirementChanged':
        await db.updateTable('sites').set({ site_2fa_required: event.data.required }).where('site_uuid', '=', siteUuid).execute();
        return;
      case 'SiteDeleted': {
        // OpenTera cascades a site's soft delete to its projects and their roles.
        const deletedAt = recorded.metadata.time;
        const site = await db.selectFrom('sites').select('id_site').where('site_uuid', '=', siteUuid).executeTakeFirst();
        if (!site) return;
        await db.updateTable('sites').set({ deleted_at: deletedAt }).where('id_site', '=', site.id_site).where('deleted_at', 'is', null).execute();
        await db.updateTable('projects').set({ deleted_at: deletedAt }).where('id_site', '=', site.id_site).where('deleted_at', 'is', null).execute();
        await db
          .updateTable('service_roles')
          .set({ deleted_at: deletedAt })
          .where('deleted_at', 'is', null)
          .where((eb) => eb.or([eb('id_site', '=', site.id_site), eb('id_project', 'in', eb.selectFrom('projects').select('id_project').where('id_site', '=', site.id_site))]))
          .execute();
        return;
      }
    }
  },
};
