// Test types (OpenTera's t_tests_types) and their site and project links.
import type { TestTypeEvent, TestTypeFields } from '../../domain/testType.js';
import type { Projector } from '../types.js';
import { LINK_TABLES } from '../linkTables.js';
import { link, unlink } from './links.js';

const { testTypeSites: SITES, testTypeProjects: PROJECTS } = LINK_TABLES;

const PREFIX = 'testType-';

const COLUMNS: Record<keyof TestTypeFields, string> = {
  name: 'test_type_name',
  description: 'test_type_description',
  key: 'test_type_key',
  serviceId: 'id_service',
  hasJsonFormat: 'test_type_has_json_format',
  hasWebFormat: 'test_type_has_web_format',
  hasWebEditor: 'test_type_has_web_editor',
};

export const testTypesProjector: Projector = {
  name: 'testTypes',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const event = recorded as unknown as TestTypeEvent;
    const at = recorded.metadata.time;
    if (event.type === 'TestTypeCreated') {
      const d = event.data;
      await db
        .insertInto('test_types')
        .values({
          id_test_type: d.id,
          test_type_uuid: d.uuid,
          id_service: d.serviceId,
          test_type_name: d.name,
          test_type_description: d.description,
          test_type_key: d.key,
          test_type_has_json_format: d.hasJsonFormat,
          test_type_has_web_format: d.hasWebFormat,
          test_type_has_web_editor: d.hasWebEditor,
        })
        .onConflict((oc) => oc.column('id_test_type').doNothing())
        .execute();
      return;
    }
    const row = await db.selectFrom('test_types').select('id_test_type').where('test_type_uuid', '=', recorded.streamId.slice(PREFIX.length)).executeTakeFirst();
    if (!row) return;
    const typeId = row.id_test_type as number;
    switch (event.type) {
      case 'TestTypeChanged': {
        const columns = Object.fromEntries(Object.entries(event.data).flatMap(([field, value]) => (field in COLUMNS ? [[COLUMNS[field as keyof TestTypeFields], value]] : [])));
        if (Object.keys(columns).length > 0) await db.updateTable('test_types').set(columns).where('id_test_type', '=', typeId).execute();
        return;
      }
      case 'TestTypeLinkedToSite':
        await link(db, SITES, event.data.linkId, typeId, event.data.siteId);
        return;
      case 'TestTypeUnlinkedFromSite':
        await unlink(db, SITES, typeId, event.data.siteId, at);
        return;
      case 'TestTypeLinkedToProject':
        await link(db, PROJECTS, event.data.linkId, typeId, event.data.projectId);
        return;
      case 'TestTypeUnlinkedFromProject':
        await unlink(db, PROJECTS, typeId, event.data.projectId, at);
        return;
      case 'TestTypeDeleted':
        await db.updateTable('test_types').set({ deleted_at: at }).where('id_test_type', '=', typeId).execute();
        for (const table of [SITES, PROJECTS]) await unlink(db, table, typeId, undefined, at);
        return;
    }
  },
};
