// Participant groups as OpenTera's /api/user/groups serves them (api-user-1.md section 15), filtered in SQL:
// a group is visible with its project (any role), a superadmin sees every one. Lists are by id.
import { sql } from 'kysely';
import type { Requester } from '../../domain/access.js';
import type { AnyDb } from '../types.js';
import { projectAccessibleTo } from './participants.js';

/** `TeraParticipantGroup.to_json()`. */
export interface ParticipantGroupJson {
  id_participant_group: number;
  id_project: number;
  participant_group_name: string;
  project_name: string;
}

/** `to_json(minimal=True)` with the count GET adds for `list`. */
export interface ParticipantGroupMinimalJson {
  id_participant_group: number;
  id_project: number;
  participant_group_name: string;
  group_participant_count: number;
}

export type GroupShape = 'full' | 'minimal';

export interface GroupFilter {
  id?: number;
  projectId?: number;
}

interface GroupRow extends ParticipantGroupJson {
  group_participant_count?: number | string;
}

function selectGroups(db: AnyDb) {
  return db
    .selectFrom('participant_groups as g')
    .innerJoin('projects as pr', 'pr.id_project', 'g.id_project')
    .select(['g.id_participant_group', 'g.id_project', 'g.participant_group_name', 'pr.project_name'])
    .where('g.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null);
}

export function participantGroupJson(row: ParticipantGroupJson): ParticipantGroupJson {
  return { id_participant_group: row.id_participant_group, id_project: row.id_project, participant_group_name: row.participant_group_name, project_name: row.project_name };
}

function minimalJson(row: GroupRow): ParticipantGroupMinimalJson {
  return {
    id_participant_group: row.id_participant_group,
    id_project: row.id_project,
    participant_group_name: row.participant_group_name,
    // count(*) comes back as a string from pg.
    group_participant_count: Number(row.group_participant_count ?? 0),
  };
}

/** The requester's accessible groups matching `filter`; `minimal` counts each group's accessible participants. */
export async function accessibleParticipantGroups(db: AnyDb, requester: Requester, filter: GroupFilter, shape: 'full'): Promise<ParticipantGroupJson[]>;
export async function accessibleParticipantGroups(db: AnyDb, requester: Requester, filter: GroupFilter, shape: 'minimal'): Promise<ParticipantGroupMinimalJson[]>;
export async function accessibleParticipantGroups(db: AnyDb, requester: Requester, filter: GroupFilter, shape: GroupShape): Promise<ParticipantGroupJson[] | ParticipantGroupMinimalJson[]>;
export async function accessibleParticipantGroups(db: AnyDb, requester: Requester, filter: GroupFilter, shape: GroupShape): Promise<ParticipantGroupJson[] | ParticipantGroupMinimalJson[]> {
  let query = selectGroups(db).where(projectAccessibleTo(requester, 'g.id_project')).orderBy('g.id_participant_group');
  if (filter.id !== undefined) query = query.where('g.id_participant_group', '=', filter.id);
  if (filter.projectId !== undefined) query = query.where('g.id_project', '=', filter.projectId);
  if (shape === 'full') return ((await query.execute()) as GroupRow[]).map(participantGroupJson);
  const counted = query.select((eb) =>
    eb
      .selectFrom('participants as gp')
      .select(sql<string>`count(*)`.as('n'))
      .whereRef('gp.id_participant_group', '=', 'g.id_participant_group')
      .where('gp.deleted_at', 'is', null)
      .where(projectAccessibleTo(requester, 'gp.id_project'))
      .as('group_participant_count'),
  );
  return ((await counted.execute()) as GroupRow[]).map(minimalJson);
}

/** Live groups in full form, by id, whoever may see them (the caller checked access to their participants or wrote them). */
export async function participantGroupsByIds(db: AnyDb, ids: readonly number[]): Promise<Map<number, ParticipantGroupJson>> {
  if (ids.length === 0) return new Map();
  const rows = (await selectGroups(db).where('g.id_participant_group', 'in', [...new Set(ids)]).execute()) as GroupRow[];
  return new Map(rows.map((row) => [row.id_participant_group, participantGroupJson(row)]));
}
