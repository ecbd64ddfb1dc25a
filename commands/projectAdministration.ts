// Project administration by a user (OpenTera's POST and DELETE /api/user/projects): who may, checked
// against the read models with domain/projectPolicy.ts, then the project commands of commands/projects.ts.
// A refused request is forbidden whether the project or site exists or not (no existence leak); only a
// superadmin, who may act on any, learns that one is unknown.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { projectPolicy } from '../domain/projectPolicy.js';
import { projectRoleOf, siteRoleOf } from '../projections/queries/access.js';
import { projectRecord } from '../projections/queries/projects.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { deleteProjectContents } from './cascades.js';
import { createProjectCommand, deleteProjectCommand, updateProjectCommand } from './projects.js';

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
 * Session types do not exist yet: a project can be given none. OpenTera checks them after the
 * authorization (403 for an inaccessible type or one not linked to the project's site), so this does too.
 */
function refuseSessionTypes(sessionTypeIds: readonly number[] | undefined): void {
  if (sessionTypeIds && sessionTypeIds.length > 0) throw new DomainError('invalid', 'Session types are not available yet: sessiontypes must be empty');
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
  refuseSessionTypes(input.sessionTypeIds);
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
  refuseSessionTypes(changes.sessionTypeIds);
  // Disabling a project: OpenTera also disables every participant of the project and removes their device
  // links. Participants do not exist yet; the participants work must react to ProjectDisabled likewise.
  const position = await updateProjectCommand(context, project.uuid, {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
  });
  return { id, position };
}

/** Deletes a project of a site the requester administers (a project admin may not). */
export async function deleteProjectByUser(context: CommandContext, requester: Requester, id: number): Promise<ProjectWriteResult> {
  const { readDb } = context.deps;
  const project = await projectRecord(readDb, id);
  const siteRole = project ? await siteRoleOf(readDb, requester, project.siteId) : undefined;
  if (!projectPolicy.canDelete(requester, siteRole)) throw new DomainError('forbidden', 'Forbidden');
  if (!project) throw new DomainError('not-found', 'Invalid project');
  // TODO(sessions): OpenTera refuses to delete a project while one of its participants has sessions
  // ("Can't delete project: please delete all participants with sessions before deleting.", a 500 there):
  // that refusal is a 409 here, checked before the cascade.
  await deleteProjectContents(context, id);
  const position = await deleteProjectCommand(context, project.uuid);
  return { id, position };
}
