// Test fixtures around OpenTera's 28 seeded sessions: their facts as domain.md 3.2 states them (so that tests
// compute expected answers on their own, not from our code), and a way to remove the sessions that tie a
// participant, user or device, so that a test can then delete it.
import type { Position } from '../../commands/eventStore.js';
import { changeDetails, changeSessionCommand, deleteSessionCommand } from '../../commands/sessions.js';
import type { TestServer } from './server.js';

export interface SeededSession {
  id: number;
  /** Place within its block of 8 (block 4 has 4): the start is `now − position` days, the status follows it. */
  position: number;
  status: number;
  creatorUser: number | null;
  creatorDevice: number | null;
  creatorParticipant: number | null;
  creatorService: number | null;
  participants: number[];
  users: number[];
  devices: number[];
}

const STATUSES = [0, 0, 0, 1, 2, 2, 3, 4];

/**
 * domain.md 3.2, "Sessions": blocks 1-8 (creator user 1), 9-16 (device 1), 17-24 (participant 1), 25-28
 * (service 6), with the exceptions listed there.
 */
export function seededSessions(): SeededSession[] {
  const sessions: SeededSession[] = [];
  for (let id = 1; id <= 28; id++) {
    const block = Math.floor((id - 1) / 8);
    const position = (id - 1) % 8;
    const s: SeededSession = {
      id,
      position,
      status: STATUSES[position]!,
      creatorUser: null,
      creatorDevice: null,
      creatorParticipant: null,
      creatorService: null,
      participants: [1],
      users: [],
      devices: [],
    };
    if (block === 0) {
      s.creatorUser = 1;
      if (id === 8) s.participants = [1, 2];
      s.users = id <= 4 ? [1] : [1, 2, 3];
      if (id === 2) {
        s.users = [1, 2];
        s.creatorParticipant = 1;
        s.creatorService = 6;
      }
      if (id === 4) s.devices = [2];
    } else if (block === 1) {
      s.creatorDevice = 1;
      s.devices = [1];
      if (id === 16) s.participants = [1, 2];
      if (id === 9) s.creatorService = 3;
    } else if (block === 2) {
      s.creatorParticipant = 1;
      if (id <= 20) s.devices = [1];
      else s.users = [5];
    } else {
      s.creatorService = 6;
      if (id === 28) {
        s.participants = [1, 2];
        s.users = [3];
      }
    }
    sessions.push(s);
  }
  return sessions;
}

/** The seeded sessions the party is invited to or created. */
export function seededSessionsOf(party: { participant?: number; user?: number; device?: number }): SeededSession[] {
  return seededSessions().filter(
    (s) =>
      (party.participant !== undefined && (s.participants.includes(party.participant) || s.creatorParticipant === party.participant)) ||
      (party.user !== undefined && (s.users.includes(party.user) || s.creatorUser === party.user)) ||
      (party.device !== undefined && (s.devices.includes(party.device) || s.creatorDevice === party.device)),
  );
}

/** Deletes every live session the party is invited to or created (ending those in progress first), as a system actor. */
export async function clearSessionsOf(server: TestServer, party: { participant?: number; user?: number; device?: number }): Promise<void> {
  const rm = server.core.database.db.withSchema('rm');
  const ids = new Set<number>();
  for (const [kind, id] of Object.entries(party) as [keyof typeof party, number][]) {
    const table = { participant: 'sessions_participants', user: 'sessions_users', device: 'sessions_devices' }[kind];
    const column = `id_${kind}`;
    for (const row of await rm.selectFrom(table).select('id_session').where(column, '=', id).execute()) ids.add(row.id_session as number);
    for (const row of await rm.selectFrom('sessions').select('id_session').where(`id_creator_${kind}`, '=', id).execute()) ids.add(row.id_session as number);
  }
  const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
  let last: Position | undefined;
  for (const id of ids) {
    const row = await rm.selectFrom('sessions').select(['session_uuid', 'session_status']).where('id_session', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) continue;
    const uuid = row.session_uuid as string;
    if (row.session_status === 1) last = (await changeSessionCommand(context, uuid, [changeDetails({ status: 2 })])) ?? last;
    last = (await deleteSessionCommand(context, uuid)) ?? last;
  }
  if (last !== undefined && !(await server.core.runner.waitFor(last))) throw new Error('the read models did not catch up');
}
