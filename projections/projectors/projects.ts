import type { ProjectEvent } from '../../domain/project.js';
import type { Projector } from '../types.js';
import { OPENTERA_SERVICE_ID } from '../openTeraService.js';

export const projectsProjector: Projector = {
  name: 'projects',
  async apply(db, recorded) {
    const event = recorded as unknown as ProjectEvent;
    const projectUuid = recorded.streamId.slice('project-'.length);
    const update = (values: Record<string, unknown>) => db.updateTable('projects').set(values).where('project_uuid', '=', projectUuid).execute();
    switch (event.type) {
      case 'ProjectCreated': {
        const d = event.data;
        await db
          .insertInto('projects')
          .values({ id_project: d.id, project_uuid: d.uuid, id_site: d.siteId, project_name: d.name, project_enabled: d.enabled, project_description: d.description })
          .onConflict((oc) => oc.column('id_project').doNothing())
          .execute();
        await db
          .insertInto('service_roles')
          .values([
            { id_service_role: d.adminRoleId, id_service: OPENTERA_SERVICE_ID, id_project: d.id, service_role_name: 'admin' },
            { id_service_role: d.userRoleId, id_service: OPENTERA_SERVICE_ID, id_project: d.id, service_role_name: 'user' },
          ])
          .onConflict((oc) => oc.column('id_service_role').doNothing())
          .execute();
        return;
      }
      case 'ProjectRenamed':
        await update({ project_name: event.data.name });
        return;
      case 'ProjectDescriptionChanged':
        await update({ project_description: event.data.description });
        return;
      case 'ProjectEnabled':
        await update({ project_enabled: true });
        return;
      case 'ProjectDisabled':
        await update({ project_enabled: false });
        return;
      case 'ProjectDeleted': {
        const deletedAt = recorded.metadata.time;
        const row = await db.selectFrom('projects').select('id_project').where('project_uuid', '=', projectUuid).executeTakeFirst();
        if (!row) return;
        await update({ deleted_at: deletedAt });
        await db.updateTable('service_roles').set({ deleted_at: deletedAt }).where('id_project', '=', row.id_project).where('deleted_at', 'is', null).execute();
        return;
      }
    }
  },
};
