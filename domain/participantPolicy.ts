// Who may see and change participants and participant groups (OpenTera api-user-1.md sections 15 and 16,
// domain.md 2.3), where a POST puts a participant, and OpenTera's delete refusals, as pure functions over
// facts the caller reads from the read models. The role-filtered queries of projections/queries/participants.ts
// and participantGroups.ts apply `canRead` in SQL.
import type { Requester } from './access.js';
import { DomainError } from './errors.js';
import type { Role } from './roles.js';

export const participantPolicy = {
  /**
   * Any role on the participant's project gives the participant, its static token included: OpenTera's access
   * model gives them the participant, and its clients show the token (the participant's link) to whoever may
   * open the participant.
   */
  canRead: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole !== undefined,
  /**
   * Creating, updating or moving: any role on the target project (OpenTera checks any role, despite its
   * "No admin access to project" message) and, on update, the same on the participant's current project
   * (OpenTera does not check it, so anyone could take another project's participant into their own).
   */
  canWrite: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole !== undefined,
  /** Deleting: admins of the participant's project. */
  canDelete: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole === 'admin',
};

export const participantGroupPolicy = {
  /** A group is visible with its project. */
  canRead: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole !== undefined,
  /**
   * Creating, renaming or moving: admins of the target project and, on update, of the group's current project
   * too (OpenTera checks only the posted one, so an admin of B could take a group of A into B).
   */
  canWrite: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole === 'admin',
  /** Deleting (with its participants): admins of the group's project. */
  canDelete: (requester: Requester, projectRole: Role | undefined) => requester.superadmin || projectRole === 'admin',
};

export interface Placement {
  projectId: number;
  groupId: number | null;
}

/** `id_project` and `id_participant_group` as posted: absent keys are undefined. */
export interface PostedPlacement {
  projectId?: number;
  /** 0 and null both mean "no group". */
  groupId?: number | null;
}

export const MISMATCH = "Mismatch between id_project and group's project";
export const NO_PROJECT = "Can't insert participant: participant's project is disabled or invalid.";

/**
 * Where a POST puts a participant, OpenTera's way: a posted group (> 0) decides the project, and a posted
 * project (> 0) must then be the group's; a group of 0 or null leaves any group; a posted project of 0 counts
 * as absent. `group` is the posted group's record (the caller checked it exists and may be used). On update
 * (`current` given) an absent key keeps the participant where it is. Unlike OpenTera, a move to another
 * project without a group also leaves the group, which belongs to the old project.
 */
export function placeParticipant(posted: PostedPlacement, group: { id: number; projectId: number } | undefined, current: Placement | undefined): Placement {
  const postedProject = posted.projectId !== undefined && posted.projectId > 0 ? posted.projectId : undefined;
  const postedGroup = posted.groupId === undefined ? undefined : posted.groupId !== null && posted.groupId > 0 ? posted.groupId : null;
  if (postedGroup !== undefined && postedGroup !== null) {
    if (!group || group.id !== postedGroup) throw new DomainError('invalid', 'Participant group not found.');
    if (postedProject !== undefined && postedProject !== group.projectId) throw new DomainError('invalid', MISMATCH);
    return { projectId: group.projectId, groupId: group.id };
  }
  const projectId = postedProject ?? current?.projectId;
  if (projectId === undefined) throw new DomainError('invalid', NO_PROJECT);
  if (postedGroup === null) return { projectId, groupId: null };
  return { projectId, groupId: current && current.projectId === projectId ? current.groupId : null };
}

/** What OpenTera's delete integrity looks at for one participant (domain.md 1.4). */
export interface ParticipantDeleteFacts {
  /** Sessions the participant takes part in. */
  sessions: number;
  /** Sessions the participant created. */
  createdSessions: number;
  assets: number;
  tests: number;
}

/** The reason a participant cannot be deleted, in OpenTera's order and words, or undefined. */
export function participantDeleteRefusal(facts: ParticipantDeleteFacts): string | undefined {
  if (facts.sessions > 0) return "Can't delete participant: please remove all related sessions beforehand.";
  if (facts.createdSessions > 0) return "Can't delete participant: please remove all sessions created by this participant beforehand.";
  if (facts.assets > 0) return "Can't delete participant: please remove all related assets beforehand.";
  if (facts.tests > 0) return "Can't delete participant: please remove all related tests beforehand.";
  return undefined;
}

/** A group's deletion takes its participants with it: refused while one of them cannot be deleted. */
export function participantGroupDeleteRefusal(participants: Iterable<ParticipantDeleteFacts>): string | undefined {
  for (const facts of participants) {
    if (participantDeleteRefusal(facts)) return "Can't delete participant group: please delete all sessions from all participants before deleting.";
  }
  return undefined;
}
