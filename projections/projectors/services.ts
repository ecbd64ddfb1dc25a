// Services (OpenTera's t_services) and their site and project links (t_services_sites, t_services_projects).
import type { ServiceEvent } from '../../domain/service.js';
import type { Projector } from '../types.js';
import { LINK_TABLES } from '../linkTables.js';
import { link, unlink } from './links.js';

const { serviceSites: SITES, serviceProjects: PROJECTS } = LINK_TABLES;

const PREFIX = 'service-';

export const servicesProjector: Projector = {
  name: 'services',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const event = recorded as unknown as ServiceEvent;
    const at = recorded.metadata.time;
    if (event.type === 'ServiceRegistered') {
      const d = event.data;
      await db
        .insertInto('services')
        .values({
          id_service: d.id,
          service_uuid: d.uuid,
          service_key: d.key,
          service_name: d.name,
          service_hostname: d.hostname,
          service_port: d.port,
          service_endpoint: d.endpoint,
          service_clientendpoint: d.clientEndpoint,
          service_endpoint_user: d.endpointUser,
          service_endpoint_participant: d.endpointParticipant,
          service_endpoint_device: d.endpointDevice,
          service_enabled: d.enabled,
          service_system: d.system,
          service_editable_config: d.editableConfig,
          service_default_config: d.defaultConfig,
          service_has_assets: d.hasAssets,
          service_has_tests: d.hasTests,
        })
        .onConflict((oc) => oc.column('id_service').doNothing())
        .execute();
      return;
    }
    const row = await db.selectFrom('services').select('id_service').where('service_uuid', '=', recorded.streamId.slice(PREFIX.length)).executeTakeFirst();
    if (!row) return;
    const serviceId = row.id_service as number;
    switch (event.type) {
      case 'ServiceLinkedToSite':
        await link(db, SITES, event.data.linkId, serviceId, event.data.siteId);
        return;
      case 'ServiceUnlinkedFromSite':
        await unlink(db, SITES, serviceId, event.data.siteId, at);
        return;
      case 'ServiceLinkedToProject':
        await link(db, PROJECTS, event.data.linkId, serviceId, event.data.projectId);
        return;
      case 'ServiceUnlinkedFromProject':
        await unlink(db, PROJECTS, serviceId, event.data.projectId, at);
        return;
    }
  },
};
