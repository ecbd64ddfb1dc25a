// Session types (OpenTera's t_sessions_types) and their site, project and secondary-service links.
import type { SessionTypeEvent, SessionTypeFields } from '../../domain/sessionType.js';
import type { Projector } from '../types.js';
import { LINK_TABLES } from '../linkTables.js';
import { link, unlink } from './links.js';

const { sessionTypeSites: SITES, sessionTypeProjects: PROJECTS, sessionTypeServices: SERVICES } = LINK_TABLES;

const PREFIX = 'sessionType-';

const COLUMNS: Record<keyof SessionTypeFields, string> = {
  name: 'session_type_name',
  online: 'session_type_online',
  config: 'session_type_config',
  color: 'session_type_color',
  category: 'session_type_category',
  serviceId: 'id_service',
};

export const sessionTypesProjector: Projector = {
  name: 'sessionTypes',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const event = recorded as unknown as SessionTypeEvent;
    const at = recorded.metadata.time;
    if (event.type === 'SessionTypeCreated') {
      const d = event.data;
      await db
        .insertInto('session_types')
        .values({
          id_session_type: d.id,
          session_type_uuid: d.uuid,
          id_service: d.serviceId,
          session_type_name: d.name,
          session_type_online: d.online,
          session_type_config: d.config,
          session_type_color: d.color,
          session_type_category: d.category,
        })
        .onConflict((oc) => oc.column('id_session_type').doNothing())
        .execute();
      return;
    }
    const row = await db.selectFrom('session_types').select('id_session_type').where('session_type_uuid', '=', recorded.streamId.slice(PREFIX.length)).executeTakeFirst();
    if (!row) return;
    const typeId = row.id_session_type as number;
    switch (event.type) {
      case 'SessionTypeChanged': {
        const columns = Object.fromEntries(Object.entries(event.data).flatMap(([field, value]) => (field in COLUMNS ? [[COLUMNS[field as keyof SessionTypeFields], value]] : [])));
        if (Object.keys(columns).length > 0) await db.updateTable('session_types').set(columns).where('id_session_type', '=', typeId).execute();
        return;
      }
      case 'SessionTypeLinkedToSite':
        await link(db, SITES, event.data.linkId, typeId, event.data.siteId);
        return;
      case 'SessionTypeUnlinkedFromSite':
        await unlink(db, SITES, typeId, event.data.siteId, at);
        return;
      case 'SessionTypeLinkedToProject':
        await link(db, PROJECTS, event.data.linkId, typeId, event.data.projectId);
        return;
      case 'SessionTypeUnlinkedFromProject':
        await unlink(db, PROJECTS, typeId, event.data.projectId, at);
        return;
      case 'SessionTypeServiceAdded':
        await link(db, SERVICES, event.data.linkId, typeId, event.data.serviceId);
        return;
      case 'SessionTypeServiceRemoved':
        await unlink(db, SERVICES, typeId, event.data.serviceId, at);
        return;
      case 'SessionTypeDeleted':
        await db.updateTable('session_types').set({ deleted_at: at }).where('id_session_type', '=', typeId).execute();
        for (const table of [SITES, PROJECTS, SERVICES]) await unlink(db, table, typeId, undefined, at);
        return;
    }
  },
};
