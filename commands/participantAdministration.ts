// Participant and participant-group administration by a user (OpenTera's POST and DELETE /api/user/participants
// and /api/user/groups): who may, checked against the read models with domain/participantPolicy.ts, then the
// aggregate commands of commands/participants.ts and commands/participantGroups.ts. Everything is checked
// before the first write, so a refused request changes nothing.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { participantGroupDeleteRefusal, participantGroupPolicy, participantDeleteRefusal, participantPolicy, placeParticipant, type PostedPlacement } from '../domain/participantPolicy.js';
import { projectRoleOf } from '../projections/queries/access.js';
import { participantGroupRef, participantRef, projectEnabled } from '../projections/queries/participantRefs.js';
import { participantDeleteFacts, participantIdsOfGroup } from '../projections/queries/participants.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { createParticipantGroupCommand, deleteParticipantGroupCommand, updateParticipantGroupCommand } from './participantGroups.js';
import { deleteParticipantCommand, moveParticipantCommand, registerParticipantCommand, updateParticipantCommand, type ParticipantChanges } from './participants.js';

const invalid = (message: string) => new DomainError('invalid', message);
const forbidden = (message = 'Forbidden') => new DomainError('forbidden', message);
const notFound = (message: string) => new DomainError('not-found', message);
const conflict = (message: string) => new DomainError('conflict', message);

export interface WriteResult {
  id: number;
  position: Position | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// /api/user/participants

/** A posted participant, OpenTera's keys mapped; an absent key is undefined (its presence matters). */
export interface ParticipantInput extends PostedPlacement {
  /** 0 creates a participant. */
  id: number;
  name?: string;
  email?: string | null;
  username?: string | null;
  /** Empty or null leaves the password unchanged on update. */
  password?: string | null;
  enabled?: boolean;
  loginEnabled?: boolean;
  tokenEnabled?: boolean;
}

/**
 * The posted project and group, checked as OpenTera (any role; an unknown project or group is refused like an
 * inaccessible one), answering the posted group's record.
 */
async function checkPostedPlacement(context: CommandContext, requester: Requester, input: PostedPlacement): Promise<{ id: number; projectId: number } | undefined> {
  const db = context.deps.readDb;
  if (input.projectId !== undefined && input.projectId > 0) {
    // projectRoleOf gives a role (a superadmin's too) only on a live project: an unknown one is refused alike.
    const role = await projectRoleOf(db, requester, input.projectId);
    if (role === undefined || !participantPolicy.canWrite(requester, role)) throw forbidden('No admin access to project');
  }
  if (input.groupId === undefined || input.groupId === null || input.groupId <= 0) return undefined;
  const group = await participantGroupRef(db, input.groupId);
  const role = group ? await projectRoleOf(db, requester, group.projectId) : undefined;
  if (!group || role === undefined || !participantPolicy.canWrite(requester, role)) throw forbidden('No admin access to group');
  return { id: group.id, projectId: group.projectId };
}

/** POST /participants: creates (`id` 0) or updates a participant, and moves it to the placement it asks for. */
export async function saveParticipant(context: CommandContext, requester: Requester, input: ParticipantInput): Promise<WriteResult> {
  const db = context.deps.readDb;
  if (input.id === 0) {
    if (input.projectId === undefined && input.groupId === undefined) throw invalid('Missing id_project or id_participant_group');
    const group = await checkPostedPlacement(context, requester, input);
    const place = placeParticipant(input, group, undefined);
    if (input.name === undefined || input.name.trim() === '') throw invalid('Missing participant_name');
    const enabledNow = await projectEnabled(db, place.projectId);
    if (enabledNow === undefined) throw invalid("Can't insert participant: participant's project is disabled or invalid.");
    const created = await registerParticipantCommand(context, {
      projectId: place.projectId,
      groupId: place.groupId,
      name: input.name,
      email: input.email ?? null,
      username: input.username ?? null,
      password: input.password ?? null,
      enabled: input.enabled ?? true,
      loginEnabled: input.loginEnabled ?? false,
      tokenEnabled: input.tokenEnabled ?? false,
      projectEnabled: enabledNow,
    });
    return { id: created.id, position: created.position };
  }

  const current = await participantRef(db, { id: input.id });
  if (!current) throw requester.superadmin ? notFound('Invalid participant') : forbidden();
  if (!participantPolicy.canWrite(requester, await projectRoleOf(db, requester, current.projectId))) throw forbidden();
  const group = await checkPostedPlacement(context, requester, input);
  const place = placeParticipant(input, group, { projectId: current.projectId, groupId: current.groupId });
  const enabledNow = (await projectEnabled(db, place.projectId)) ?? false;
  const changes: ParticipantChanges = {
    projectEnabled: enabledNow,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.username !== undefined ? { username: input.username } : {}),
    ...(input.password !== undefined ? { password: input.password } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.loginEnabled !== undefined ? { loginEnabled: input.loginEnabled } : {}),
    ...(input.tokenEnabled !== undefined ? { tokenEnabled: input.tokenEnabled } : {}),
  };
  // The details first: a refusal there (a taken username, enabling in a disabled project) leaves the
  // participant where it was.
  let position = await updateParticipantCommand(context, current.uuid, changes);
  position = (await moveParticipantCommand(context, current.uuid, place)) ?? position;
  return { id: current.id, position };
}

/**
 * DELETE /participants: admins of the participant's project. An unknown id is 403, as OpenTera (a requester
 * cannot tell it from another project's participant); a refusal by OpenTera's integrity rules is 409
 * (OpenTera: 500).
 */
export async function deleteParticipantByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const current = await participantRef(db, { id });
  if (!current) throw forbidden();
  if (!participantPolicy.canDelete(requester, await projectRoleOf(db, requester, current.projectId))) throw forbidden();
  const facts = (await participantDeleteFacts(db, [current.id])).get(current.id);
  const refusal = facts && participantDeleteRefusal(facts);
  if (refusal) throw conflict(refusal);
  return deleteParticipantCommand(context, current.uuid);
}

// ---------------------------------------------------------------------------------------------------------
// /api/user/groups

export interface ParticipantGroupInput {
  /** 0 creates a group. */
  id: number;
  projectId: number;
  name?: string;
}

async function adminOfProject(context: CommandContext, requester: Requester, projectId: number): Promise<boolean> {
  const role = await projectRoleOf(context.deps.readDb, requester, projectId);
  return role !== undefined && participantGroupPolicy.canWrite(requester, role);
}

/**
 * POST /groups: admins of the posted project create, rename or move a group; a move needs admin on the group's
 * current project too, and takes the group's participants along. An unknown project or group is 403, except
 * for a superadmin, who learns it is unknown (404).
 */
export async function saveParticipantGroup(context: CommandContext, requester: Requester, input: ParticipantGroupInput): Promise<WriteResult> {
  const db = context.deps.readDb;
  if (!(await adminOfProject(context, requester, input.projectId))) {
    throw requester.superadmin ? notFound('Invalid project') : forbidden();
  }
  if (input.id === 0) {
    if (input.name === undefined || input.name.trim() === '') throw invalid('Missing participant_group_name');
    return createParticipantGroupCommand(context, { projectId: input.projectId, name: input.name });
  }
  const group = await participantGroupRef(db, input.id);
  if (!group) throw requester.superadmin ? notFound('Invalid participant group') : forbidden();
  if (!(await adminOfProject(context, requester, group.projectId))) throw forbidden();
  if (input.name !== undefined && input.name.trim() === '') throw invalid('Missing participant_group_name');
  const position = await updateParticipantGroupCommand(context, group, { projectId: input.projectId, ...(input.name !== undefined ? { name: input.name } : {}) });
  return { id: group.id, position };
}

/**
 * DELETE /groups: admins of the group's project; deletes the group's participants with it, and is refused
 * (409, OpenTera: 500) while one of them cannot be deleted. An unknown id is 404 for a superadmin, 403 for
 * others (OpenTera: 500).
 */
export async function deleteParticipantGroupByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  const group = await participantGroupRef(db, id);
  if (!group) throw requester.superadmin ? notFound('Invalid participant group') : forbidden();
  if (!participantGroupPolicy.canDelete(requester, await projectRoleOf(db, requester, group.projectId))) throw forbidden();
  const facts = await participantDeleteFacts(db, await participantIdsOfGroup(db, group.id));
  const refusal = participantGroupDeleteRefusal(facts.values());
  if (refusal) throw conflict(refusal);
  return deleteParticipantGroupCommand(context, group);
}
