// Tests (OpenTera's t_tests), from each test's stream; a session's deletion deletes its tests.
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { TestDetails, TestEvent } from '../../domain/test.js';
import type { Projector } from '../types.js';
import { deleteWithSession } from './sessionContents.js';

const PREFIX = 'test-';

const COLUMNS: Record<keyof TestDetails, string> = { name: 'test_name', datetime: 'test_datetime', status: 'test_status', summary: 'test_summary' };

export const testsProjector: Projector = {
  name: 'tests',
  async apply(db, recorded) {
    await deleteWithSession(db, recorded, 'tests');
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const uuid = recorded.streamId.slice(PREFIX.length);
    if (recorded.type === PERSONAL_DATA_ERASED) {
      await db.updateTable('tests').set({ test_summary: null }).where('test_uuid', '=', uuid).execute();
      return;
    }
    const event = recorded as unknown as TestEvent;
    switch (event.type) {
      case 'TestCreated': {
        const d = event.data;
        await db
          .insertInto('tests')
          .values({
            id_test: d.id,
            test_uuid: d.uuid,
            id_test_type: d.typeId,
            id_session: d.sessionId,
            id_device: d.subjects.deviceId,
            id_participant: d.subjects.participantId,
            id_user: d.subjects.userId,
            id_service: d.subjects.serviceId,
            test_name: d.name,
            test_datetime: d.datetime,
            test_status: d.status,
            test_summary: d.summary,
          })
          .onConflict((oc) => oc.column('id_test').doNothing())
          .execute();
        return;
      }
      case 'TestChanged': {
        const columns = Object.fromEntries(Object.entries(event.data).flatMap(([field, value]) => (field in COLUMNS ? [[COLUMNS[field as keyof TestDetails], value]] : [])));
        if (Object.keys(columns).length > 0) await db.updateTable('tests').set(columns).where('test_uuid', '=', uuid).execute();
        return;
      }
      case 'TestDeleted':
        await db.updateTable('tests').set({ deleted_at: recorded.metadata.time }).where('test_uuid', '=', uuid).where('deleted_at', 'is', null).execute();
        return;
    }
  },
};
