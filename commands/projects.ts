import { streamName } from '../domain/aggregate.js';
import { createProject, deleteProject, project, updateProject, type UpdateProject } from '../domain/project.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export interface NewProject {
  siteId: number;
  name: string;
  enabled?: boolean;
  description?: string | null;
}

export async function createProjectCommand(
  { deps, request }: CommandContext,
  input: NewProject,
  ids?: { id: number; adminRoleId: number; userRoleId: number },
): Promise<{ id: number; position: Position | undefined }> {
  const id = ids?.id ?? (await deps.ids.next('project'));
  const adminRoleId = ids?.adminRoleId ?? (await deps.ids.next('service_role'));
  const userRoleId = ids?.userRoleId ?? (await deps.ids.next('service_role'));
  const uuid = deps.newUuid();
  const result = await handle(deps, request, project, streamName(project.category, uuid), (state) =>
    createProject(state, { id, uuid, siteId: input.siteId, name: input.name, enabled: input.enabled ?? true, description: input.description ?? null, adminRoleId, userRoleId }),
  );
  return { id, position: result.position };
}

export async function updateProjectCommand({ deps, request }: CommandContext, projectUuid: string, changes: UpdateProject): Promise<Position | undefined> {
  return (await handle(deps, request, project, streamName(project.category, projectUuid), (state) => updateProject(state, changes))).position;
}

/** The caller checks first that no participant of the project has sessions. */
export async function deleteProjectCommand({ deps, request }: CommandContext, projectUuid: string): Promise<Position | undefined> {
  return (await handle(deps, request, project, streamName(project.category, projectUuid), deleteProject)).position;
}
