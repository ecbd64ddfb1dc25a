import { sitePolicy, type Requester } from '../domain/access.js';
import { streamName } from '../domain/aggregate.js';
import { DomainError } from '../domain/errors.js';
import { SITE_HAS_SESSIONS } from '../domain/sessionPolicy.js';
import { createSite, deleteSite, site, updateSite } from '../domain/site.js';
import { siteRoleOf } from '../projections/queries/access.js';
import { projectIdsOfSite } from '../projections/queries/projects.js';
import { projectsWithSessionTies } from '../projections/queries/sessions.js';
import { siteUuidOf } from '../projections/queries/sites.js';
import { deleteSiteContents } from './cascades.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export interface SiteFields {
  name?: string;
  twoFactorRequired?: boolean;
}

export interface SiteWriteResult {
  id: number;
  position: Position | undefined;
}

/** Creates a site with its admin and user roles. `ids` are given by seeds; otherwise allocated. */
export async function createSiteCommand(
  { deps, request }: CommandContext,
  requester: Requester | 'system',
  fields: SiteFields,
  ids?: { id: number; adminRoleId: number; userRoleId: number },
): Promise<SiteWriteResult> {
  if (requester !== 'system' && !sitePolicy.canCreate(requester)) throw new DomainError('forbidden', 'Forbidden');
  if (fields.name === undefined) throw new DomainError('invalid', 'Missing site_name');
  const id = ids?.id ?? (await deps.ids.next('site'));
  const adminRoleId = ids?.adminRoleId ?? (await deps.ids.next('service_role'));
  const userRoleId = ids?.userRoleId ?? (await deps.ids.next('service_role'));
  const uuid = deps.newUuid();
  const result = await handle(deps, request, site, streamName(site.category, uuid), (state) =>
    createSite(state, { id, uuid, name: fields.name!, twoFactorRequired: fields.twoFactorRequired ?? false, adminRoleId, userRoleId }),
  );
  return { id, position: result.position };
}

export async function updateSiteCommand({ deps, request }: CommandContext, requester: Requester, id: number, fields: SiteFields): Promise<SiteWriteResult> {
  // A site the requester does not administer is forbidden whether it exists or not (no existence leak);
  // only a superadmin learns that a site is unknown.
  if (!sitePolicy.canUpdate(requester, await siteRoleOf(deps.readDb, requester, id))) throw new DomainError('forbidden', 'Forbidden');
  const uuid = await siteUuidOf(deps.readDb, id);
  if (!uuid) throw new DomainError('not-found', 'Invalid site');
  const result = await handle(deps, request, site, streamName(site.category, uuid), (state) => updateSite(state, fields));
  return { id, position: result.position };
}

export async function deleteSiteCommand(context: CommandContext, requester: Requester, id: number): Promise<SiteWriteResult> {
  const { deps, request } = context;
  if (!sitePolicy.canDelete(requester)) throw new DomainError('forbidden', 'Forbidden');
  const uuid = await siteUuidOf(deps.readDb, id);
  if (!uuid) throw new DomainError('not-found', 'Invalid site');
  const projectIds = await projectIdsOfSite(deps.readDb, id);
  // As OpenTera, refused while a participant of one of its projects cannot be deleted (409 here, 500 there).
  if ((await projectsWithSessionTies(deps.readDb, projectIds)).length > 0) throw new DomainError('conflict', SITE_HAS_SESSIONS);
  // The site's projects go with it (its projector marks them); their participants and device links are
  // their own streams' events.
  await deleteSiteContents(context, id, projectIds);
  const result = await handle(deps, request, site, streamName(site.category, uuid), deleteSite);
  return { id, position: result.position };
}
