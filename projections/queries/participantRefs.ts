// What the participant and group commands need to know before deciding: ids to streams, projects, links.
// Soft-deleted rows are not found.
import type { AnyDb } from '../types.js';

export interface ParticipantRef {
  id: number;
  uuid: string;
  projectId: number;
  groupId: number | null;
  username: string | null;
  enabled: boolean;
}

export async function participantRef(db: AnyDb, which: { id: number } | { uuid: string }): Promise<ParticipantRef | undefined> {
  let query = db
    .selectFrom('participants')
    .select(['id_participant', 'participant_uuid', 'id_project', 'id_participant_group', 'participant_username', 'participant_enabled'])
    .where('deleted_at', 'is', null);
  query = 'id' in which ? query.where('id_participant', '=', which.id) : query.where('participant_uuid', '=', which.uuid);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id_participant as number,
    uuid: row.participant_uuid as string,
    projectId: row.id_project as number,
    groupId: row.id_participant_group as number | null,
    username: row.participant_username as string | null,
    enabled: row.participant_enabled as boolean,
  };
}

export interface ParticipantGroupRef {
  id: number;
  uuid: string;
  projectId: number;
}

export async function participantGroupRef(db: AnyDb, id: number): Promise<ParticipantGroupRef | undefined> {
  const row = await db
    .selectFrom('participant_groups')
    .select(['id_participant_group', 'participant_group_uuid', 'id_project'])
    .where('id_participant_group', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id_participant_group as number, uuid: row.participant_group_uuid as string, projectId: row.id_project as number } : undefined;
}

/** The uuids of the group's participants. */
export async function participantsOfGroup(db: AnyDb, groupId: number): Promise<string[]> {
  const rows = await db.selectFrom('participants').select('participant_uuid').where('id_participant_group', '=', groupId).where('deleted_at', 'is', null).orderBy('id_participant').execute();
  return rows.map((r) => r.participant_uuid as string);
}

/** Whether the project exists (not deleted) and is enabled; undefined when it does not exist. */
export async function projectEnabled(db: AnyDb, projectId: number): Promise<boolean | undefined> {
  const row = await db.selectFrom('projects').select('project_enabled').where('id_project', '=', projectId).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? (row.project_enabled as boolean) : undefined;
}

/** The uuids of a project's participants, and its groups: what the project's deletion takes with it. */
export async function contentsOfProject(db: AnyDb, projectId: number): Promise<{ participants: string[]; groups: ParticipantGroupRef[] }> {
  const participants = await db.selectFrom('participants').select('participant_uuid').where('id_project', '=', projectId).where('deleted_at', 'is', null).orderBy('id_participant').execute();
  const groups = await db
    .selectFrom('participant_groups')
    .select(['id_participant_group', 'participant_group_uuid', 'id_project'])
    .where('id_project', '=', projectId)
    .where('deleted_at', 'is', null)
    .orderBy('id_participant_group')
    .execute();
  return {
    participants: participants.map((r) => r.participant_uuid as string),
    groups: groups.map((r) => ({ id: r.id_participant_group as number, uuid: r.participant_group_uuid as string, projectId: r.id_project as number })),
  };
}
