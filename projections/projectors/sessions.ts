// Sessions (OpenTera's t_sessions), their invitees (t_sessions_participants, _users, _devices) and their
// events (t_sessions_events), all from the session's own stream. A deleted session takes its events with it.
import type { RecordedEvent } from '../../commands/eventStore.js';
import { PERSONAL_DATA_ERASED } from '../../domain/personalData.js';
import type { Invitee, SessionDetails, SessionEvent, SessionEventFields } from '../../domain/session.js';
import type { AnyDb, Projector } from '../types.js';

const PREFIX = 'session-';

const DETAIL_COLUMNS: Record<keyof SessionDetails, string> = {
  typeId: 'id_session_type',
  name: 'session_name',
  startDatetime: 'session_start_datetime',
  duration: 'session_duration',
  status: 'session_status',
  comments: 'session_comments',
  parameters: 'session_parameters',
};

const EVENT_COLUMNS: Record<keyof SessionEventFields, string> = {
  eventType: 'id_session_event_type',
  datetime: 'session_event_datetime',
  text: 'session_event_text',
  context: 'session_event_context',
};

const INVITEES: Record<Invitee, { table: string; column: string }> = {
  participant: { table: 'sessions_participants', column: 'id_participant' },
  user: { table: 'sessions_users', column: 'id_user' },
  device: { table: 'sessions_devices', column: 'id_device' },
};

function columnsOf<F extends string>(data: Record<string, unknown>, columns: Record<F, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).flatMap(([field, value]) => (field in columns ? [[columns[field as F], value]] : [])));
}

async function invite(db: AnyDb, invitee: Invitee, sessionId: number, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const { table, column } = INVITEES[invitee];
  await db
    .insertInto(table)
    .values(ids.map((id) => ({ id_session: sessionId, [column]: id })))
    .onConflict((oc) => oc.columns(['id_session', column]).doNothing())
    .execute();
}

async function applySessionEvent(db: AnyDb, recorded: RecordedEvent, uuid: string): Promise<void> {
  const event = recorded as unknown as SessionEvent;
  const at = recorded.metadata.time;
  if (event.type === 'SessionCreated') {
    const d = event.data;
    await db
      .insertInto('sessions')
      .values({
        id_session: d.id,
        session_uuid: d.uuid,
        id_session_type: d.typeId,
        id_creator_user: d.creators.userId,
        id_creator_device: d.creators.deviceId,
        id_creator_participant: d.creators.participantId,
        id_creator_service: d.creators.serviceId,
        session_name: d.name,
        session_start_datetime: d.startDatetime,
        session_duration: d.duration,
        session_status: d.status,
        session_comments: d.comments,
        session_parameters: d.parameters,
      })
      .onConflict((oc) => oc.column('id_session').doNothing())
      .execute();
    await invite(db, 'participant', d.id, d.participants);
    await invite(db, 'user', d.id, d.users);
    await invite(db, 'device', d.id, d.devices);
    return;
  }
  const row = await db.selectFrom('sessions').select('id_session').where('session_uuid', '=', uuid).executeTakeFirst();
  if (!row) return;
  const sessionId = row.id_session as number;
  switch (event.type) {
    case 'SessionChanged': {
      const columns = columnsOf(event.data, DETAIL_COLUMNS);
      if (Object.keys(columns).length > 0) await db.updateTable('sessions').set(columns).where('id_session', '=', sessionId).execute();
      return;
    }
    case 'SessionInviteeAdded':
      await invite(db, event.data.invitee, sessionId, [event.data.id]);
      return;
    case 'SessionInviteeRemoved': {
      const { table, column } = INVITEES[event.data.invitee];
      await db.deleteFrom(table).where('id_session', '=', sessionId).where(column, '=', event.data.id).execute();
      return;
    }
    case 'SessionEventLogged': {
      const d = event.data;
      await db
        .insertInto('session_events')
        .values({
          id_session_event: d.eventId,
          id_session: sessionId,
          id_session_event_type: d.eventType,
          session_event_datetime: d.datetime,
          session_event_text: d.text,
          session_event_context: d.context,
        })
        .onConflict((oc) => oc.column('id_session_event').doNothing())
        .execute();
      return;
    }
    case 'SessionEventChanged': {
      const columns = columnsOf(event.data, EVENT_COLUMNS);
      if (Object.keys(columns).length > 0) await db.updateTable('session_events').set(columns).where('id_session_event', '=', event.data.eventId).where('id_session', '=', sessionId).execute();
      return;
    }
    case 'SessionEventDeleted':
      await db.updateTable('session_events').set({ deleted_at: at }).where('id_session_event', '=', event.data.eventId).where('id_session', '=', sessionId).where('deleted_at', 'is', null).execute();
      return;
    case 'SessionDeleted':
      await db.updateTable('sessions').set({ deleted_at: at }).where('id_session', '=', sessionId).execute();
      await db.updateTable('session_events').set({ deleted_at: at }).where('id_session', '=', sessionId).where('deleted_at', 'is', null).execute();
      return;
  }
}

export const sessionsProjector: Projector = {
  name: 'sessions',
  async apply(db, recorded) {
    if (!recorded.streamId.startsWith(PREFIX)) return;
    const uuid = recorded.streamId.slice(PREFIX.length);
    if (recorded.type === PERSONAL_DATA_ERASED) {
      const row = await db.selectFrom('sessions').select('id_session').where('session_uuid', '=', uuid).executeTakeFirst();
      if (!row) return;
      await db.updateTable('sessions').set({ session_comments: null, session_parameters: null }).where('id_session', '=', row.id_session).execute();
      await db.updateTable('session_events').set({ session_event_text: null, session_event_context: null }).where('id_session', '=', row.id_session).execute();
      return;
    }
    await applySessionEvent(db, recorded, uuid);
  },
};
