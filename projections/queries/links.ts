// The association endpoints' lists (OpenTera's /devices/sites, /sessiontypes/projects, /testtypes/sites...): the
// sites or projects the requester may access, each with the owner's live link to it, by name. Without
// `withOthers`, only the linked ones.
import type { Requester } from '../../domain/access.js';
import type { LinkTable } from '../projectors/links.js';
import type { AnyDb } from '../types.js';
import { accessibleProjectIds, accessibleSiteIds } from './roleAccess.js';

export interface LinkedSite {
  id_site: number;
  site_name: string;
  /** The link's id, null when not linked. */
  linkId: number | null;
}

export interface LinkedProject extends LinkedSite {
  id_project: number;
  project_name: string;
}

export async function sitesWithLink(db: AnyDb, requester: Requester, link: LinkTable, ownerId: number, withOthers: boolean): Promise<LinkedSite[]> {
  const rows = await db
    .selectFrom('sites as s')
    .leftJoin(`${link.table} as l`, (join) => join.onRef(`l.${link.other}`, '=', 's.id_site').on(`l.${link.owner}`, '=', ownerId).on('l.deleted_at', 'is', null))
    .select(['s.id_site', 's.site_name', `l.${link.id} as link_id`])
    .where('s.deleted_at', 'is', null)
    .where('s.id_site', 'in', accessibleSiteIds(db, requester))
    .$if(!withOthers, (q) => q.where(`l.${link.id}`, 'is not', null))
    .orderBy('s.site_name')
    .orderBy('s.id_site')
    .execute();
  return rows.map((r) => ({ id_site: r.id_site as number, site_name: r.site_name as string, linkId: r.link_id as number | null }));
}

export async function projectsWithLink(db: AnyDb, requester: Requester, link: LinkTable, ownerId: number, withOthers: boolean): Promise<LinkedProject[]> {
  const rows = await db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .leftJoin(`${link.table} as l`, (join) => join.onRef(`l.${link.other}`, '=', 'p.id_project').on(`l.${link.owner}`, '=', ownerId).on('l.deleted_at', 'is', null))
    .select(['p.id_project', 'p.project_name', 's.id_site', 's.site_name', `l.${link.id} as link_id`])
    .where('p.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester))
    .$if(!withOthers, (q) => q.where(`l.${link.id}`, 'is not', null))
    .orderBy('p.project_name')
    .orderBy('p.id_project')
    .execute();
  return rows.map((r) => ({
    id_project: r.id_project as number,
    project_name: r.project_name as string,
    id_site: r.id_site as number,
    site_name: r.site_name as string,
    linkId: r.link_id as number | null,
  }));
}
