// Project administration by a user (OpenTera's POST and DELETE /api/user/projects): who may, checked
// against the read models with domain/projectPolicy.ts, then the project commands of commands/projects.ts.
// A refused request is forbidden whether the project or site exists or not (no existence leak); only a
// superadmin, who may act on any, learns that one is unknown.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { projectPolicy } from '../domain/projectPolicy.js';
import { PROJECT_HAS_SESSIONS } from '../domain/sessionPolicy.js';
import { projectRoleOf, siteRoleOf } from '../projections/queries/access.js';
import { projectRecord } from '../projections/queries/projects.js';
import { projectsWithSessionTies } from '../projections/queries/sessions.js';
import { accessibleSessionTypeIdSet, sessionTypesLinkedTo } from '../projections/queries/sessionTypes.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { deleteProjectContents } from './cascades.js';
import { createProjectCommand, deleteProjectCommand, updateProjectCommand } from './projects.js';
import { replaceSessionTypesOfProject } from './sessionTypeAdministration.js';

export interface ProjectFields {
  name?: string;
  enabled?: boolean;
  description?: string | null;
}

export interface ProjectWriteResult {
  id: number;
  position: Position | undefined;
}

/**
 * OpenTera's `sessiontypes` of a project POST, checked after the authorization as OpenTera does: each must be a
 * type the requester may see (403 "No access to a session type for at least one of it") and linked to the
 * project's site (403 "At least one session type is not associated to the project site").
 */
async function checkSessionTypes(context: CommandContext, requester: Requester, siteId: number, sessionTypeIds: readonly number[] | undefined): Promise<void> {
  if (!sessionTypeIds || sessionTypeIds.length === 0) return;
  const db = context.deps.readDb;
  const visible = await accessibleSessionTypeIdSet(db, requester);
  if (sessionTypeIds.some((id) => !visible.has(id))) throw new DomainError('forbidden', 'No access to a session type for at least one of it');
  const ofSite = new Set(await sessionTypesLinkedTo(db, 'site', siteId));
  if (sessionTypeIds.some((id) => !ofSite.has(id))) throw new DomainError('forbidden', 'At least one session type is not associated to the project site');
}

/**
 * The project's session types become these (OpenTera: for an update, the types the requester may reach and did
 * not send are removed), with the service links of SERVICE types. For a new project, call it once the read
 * models hold the project (its admins' access to it comes from them).
 */
export async function setProjectSessionTypes(context: CommandContext, requester: Requester, projectId: number, sessionTypeIds: number[]): Promise<Position | undefined> {
  return (await replaceSessionTypesOfProject(context, requester, projectId, sessionTypeIds)).position;
}

/** Creates a project in a site the requester administers, with the project's admin and user roles. */
export async function createProjectByUser(
  context: CommandContext,
  requester: Requester,
  input: ProjectFields & { siteId: number; sessionTypeIds?: readonly number[] },
): Promise<ProjectWriteResult> {
  const siteRole = await siteRoleOf(context.deps.readDb, requester, input.siteId);
  if (!projectPolicy.canCreate(requester, siteRole)) throw new DomainError('forbidden', 'Forbidden');
  // A superadmin passes the policy for any id; siteRoleOf gives it a role only on a live site.
  if (siteRole === undefined) throw new DomainError('not-found', 'Invalid site');
  await checkSessionTypes(context, requester, input.siteId, input.sessionTypeIds);
  // Checked before ids are allocated (the decider checks it again), so that a refused create uses none.
  if (input.name === undefined || input.name.trim() === '') throw new DomainError('invalid', 'Missing project_name');
  // The access projector gives the site's admins an (inherited) admin role on the new project when it
  // applies ProjectCreated, so they reach it from the next request on.
  return createProjectCommand(context, {
    siteId: input.siteId,
    name: input.name,
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  });
}

/** Updates a project the requester administers (project admins included). `siteId`, when given, must be the project's own site. */
export async function updateProjectByUser(
  context: CommandContext,
  requester: Requester,
  id: number,
  changes: ProjectFields & { siteId?: number; sessionTypeIds?: readonly number[] },
): Promise<ProjectWriteResult> {
  const { readDb } = context.deps;
  if (!projectPolicy.canUpdate(requester, await projectRoleOf(readDb, requester, id))) throw new DomainError('forbidden', 'Forbidden');
  const project = await projectRecord(readDb, id);
  if (!project) throw new DomainError('not-found', 'Invalid project');
  if (!projectPolicy.keepsItsSite(project.siteId, changes.siteId)) throw new DomainError('invalid', 'A project cannot be moved to another site');
  await checkSessionTypes(context, requester, project.siteId, changes.sessionTypeIds);
  // Disabling a project: OpenTera also disables every participant of the project for good and removes their
  // device links. Ours stay as they are and are refused while the project is disabled (docs/compat.md).
  let position = await updateProjectCommand(context, project.uuid, {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
  });
  if (changes.sessionTypeIds) position = (await setProjectSessionTypes(context, requester, id, [...changes.sessionTypeIds])) ?? position;
  return { id, position };
}

/** Deletes a project of a site the requester administers (a project admin may not). */
export async function deleteProjectByUser(context: CommandContext, requester: Requester, id: number): Promise<ProjectWriteResult> {
  const { readDb } = context.deps;
  const project = await projectRecord(readDb, id);
  const siteRole = project ? await siteRoleOf(readDb, requester, project.siteId) : undefined;
  if (!projectPolicy.canDelete(requester, siteRole)) throw new DomainError('forbidden', 'Forbidden');
  if (!project) throw new DomainError('not-found', 'Invalid project');
  // OpenTera refuses while a participant of the project cannot be deleted (sessions, created sessions, assets,
  // tests): a 500 there, a 409 here, checked before the cascade.
  if ((await projectsWithSessionTies(readDb, [id])).length > 0) throw new DomainError('conflict', PROJECT_HAS_SESSIONS);
  await deleteProjectContents(context, id);
  const position = await deleteProjectCommand(context, project.uuid);
  return { id, position };
}
