// The value lists of OpenTera's forms (`GET /api/user/forms`, api-user-1.md section 12): the sites, projects,
// participant groups, services, session types, users, devices and participants an editor offers, each
// limited in SQL to what the requester may reach (the rules of roleAccess.ts, sessions.ts, sessionTypes.ts,
// devices.ts, participants.ts and usersAdmin.ts), and the context facts the forms are built from. Lists are by name (then
// id); OpenTera's orders are mostly whatever its database returns.
import type { Expression, SqlBool } from 'kysely';
import type { Requester } from '../../domain/access.js';
import { SESSION_TYPE_CATEGORIES } from '../../domain/sessionType.js';
import type { AnyDb } from '../types.js';
import { deviceVisibleTo } from './devices.js';
import { associatedProject } from './formsAccess.js';
import { projectAccessibleTo } from './participants.js';
import { accessibleProjectIds, accessibleSiteIds } from './roleAccess.js';
import { sessionAccessibleTo } from './sessions.js';
import { accessibleServiceIds, accessibleSessionTypeIds } from './sessionTypes.js';
import { userVisibleTo } from './usersAdmin.js';

export interface Choice {
  id: number;
  name: string | null;
}

export interface ProjectChoice extends Choice {
  site_name: string;
}

export interface UserChoice {
  id: number;
  firstname: string | null;
  lastname: string | null;
}

/** Every device type (device types are not access-controlled). */
export async function deviceTypeChoices(db: AnyDb): Promise<Choice[]> {
  return db.selectFrom('devices_types').select(['id_device_type as id', 'device_type_name as name']).orderBy('device_type_name').orderBy('id_device_type').execute();
}

export async function siteChoices(db: AnyDb, requester: Requester): Promise<Choice[]> {
  return db
    .selectFrom('sites')
    .select(['id_site as id', 'site_name as name'])
    .where('deleted_at', 'is', null)
    .where('id_site', 'in', accessibleSiteIds(db, requester))
    .orderBy('site_name')
    .orderBy('id_site')
    .execute();
}

/** The requester's projects, of one site when `siteId` is given, with their site's name. */
export async function projectChoices(db: AnyDb, requester: Requester, siteId?: number): Promise<ProjectChoice[]> {
  return db
    .selectFrom('projects as p')
    .innerJoin('sites as s', 's.id_site', 'p.id_site')
    .select(['p.id_project as id', 'p.project_name as name', 's.site_name'])
    .where('p.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('p.id_project', 'in', accessibleProjectIds(db, requester))
    .$if(siteId !== undefined, (q) => q.where('p.id_site', '=', siteId!))
    .orderBy('p.project_name')
    .orderBy('p.id_project')
    .execute();
}

/** The site of a participant group the requester may reach (one of its projects' groups). */
export async function siteOfAccessibleGroup(db: AnyDb, requester: Requester, groupId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('participant_groups as g')
    .innerJoin('projects as p', 'p.id_project', 'g.id_project')
    .select('p.id_site')
    .where('g.id_participant_group', '=', groupId)
    .where('g.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null)
    .where(projectAccessibleTo(requester, 'g.id_project'))
    .executeTakeFirst();
  return row?.id_site as number | undefined;
}

/** The project of a participant the requester may reach. */
export async function projectOfAccessibleParticipant(db: AnyDb, requester: Requester, participantId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('participants as p')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .select('p.id_project')
    .where('p.id_participant', '=', participantId)
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .where(projectAccessibleTo(requester, 'p.id_project'))
    .executeTakeFirst();
  return row?.id_project as number | undefined;
}

/** Whether the requester holds a role in the (live) project. */
export async function isAccessibleProject(db: AnyDb, requester: Requester, projectId: number): Promise<boolean> {
  const row = await db.selectFrom(accessibleProjectIds(db, requester).as('x')).select('x.id_project').where('x.id_project', '=', projectId).executeTakeFirst();
  return row !== undefined;
}

/** The participant groups of one project (the caller checked the access), or of every project the requester may reach. */
export async function participantGroupChoices(db: AnyDb, requester: Requester, scope: { projectId: number } | 'accessible'): Promise<Choice[]> {
  let query = db
    .selectFrom('participant_groups as g')
    .innerJoin('projects as p', 'p.id_project', 'g.id_project')
    .select(['g.id_participant_group as id', 'g.participant_group_name as name'])
    .where('g.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null);
  query = scope === 'accessible' ? query.where(projectAccessibleTo(requester, 'g.id_project')) : query.where('g.id_project', '=', scope.projectId);
  return query.orderBy('g.participant_group_name').orderBy('g.id_participant_group').execute();
}

/** The services the requester may reach; with `projectId`, those linked to that project. */
export async function serviceChoices(db: AnyDb, requester: Requester, projectId?: number): Promise<Choice[]> {
  return db
    .selectFrom('services as sv')
    .select(['sv.id_service as id', 'sv.service_name as name'])
    .where('sv.deleted_at', 'is', null)
    .where('sv.id_service', 'in', accessibleServiceIds(db, requester))
    .$if(projectId !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('services_projects as sp')
            .select('sp.id_service')
            .whereRef('sp.id_service', '=', 'sv.id_service')
            .where('sp.id_project', '=', projectId!)
            .where('sp.deleted_at', 'is', null),
        ),
      ),
    )
    .orderBy('sv.service_name')
    .orderBy('sv.id_service')
    .execute();
}

/**
 * The session types the requester may reach; with `projectId`, those linked to that project whose service
 * (for a service type) the requester may reach too (`query_session_types_for_project`).
 */
export async function sessionTypeChoices(db: AnyDb, requester: Requester, projectId?: number): Promise<Choice[]> {
  return db
    .selectFrom('session_types as st')
    .select(['st.id_session_type as id', 'st.session_type_name as name'])
    .where('st.deleted_at', 'is', null)
    .where('st.id_session_type', 'in', accessibleSessionTypeIds(db, requester))
    .$if(projectId !== undefined, (q) =>
      q
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('session_types_projects as tp')
              .select('tp.id_session_type')
              .whereRef('tp.id_session_type', '=', 'st.id_session_type')
              .where('tp.id_project', '=', projectId!)
              .where('tp.deleted_at', 'is', null),
          ),
        )
        .where((eb) =>
          eb.or([
            eb('st.session_type_category', '!=', SESSION_TYPE_CATEGORIES.service),
            eb('st.id_service', 'in', accessibleServiceIds(db, requester)),
          ]),
        ),
    )
    .orderBy('st.session_type_name')
    .orderBy('st.id_session_type')
    .execute();
}

/** A live session type by id, whoever may reach it. */
export async function sessionTypeById(db: AnyDb, id: number): Promise<Choice | undefined> {
  return db
    .selectFrom('session_types')
    .select(['id_session_type as id', 'session_type_name as name'])
    .where('id_session_type', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A session the requester may reach: its type and its associated project (when that is live). */
export async function accessibleSessionContext(db: AnyDb, requester: Requester, sessionId: number): Promise<{ typeId: number; projectId: number | null } | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .select((eb) => ['s.id_session_type', associatedProject(eb).as('id_project')])
    .where('s.id_session', '=', sessionId)
    .where('s.deleted_at', 'is', null)
    .where(sessionAccessibleTo(db, requester))
    .executeTakeFirst();
  if (!row) return undefined;
  const projectId = row.id_project as number | null;
  const live = projectId === null ? undefined : await db.selectFrom('projects').select('id_project').where('id_project', '=', projectId).where('deleted_at', 'is', null).executeTakeFirst();
  return { typeId: row.id_session_type as number, projectId: live ? projectId : null };
}

/**
 * The users a session may name as creator: with `projectId`, the users holding a role in the project (site
 * admins included) and every superadmin; else the users the requester may reach (site admins of its projects'
 * sites excluded, as OpenTera), and every superadmin when the requester is one. The requester is always there.
 */
export async function sessionUserChoices(db: AnyDb, requester: Requester, projectId?: number): Promise<UserChoice[]> {
  return db
    .selectFrom('users as u')
    .select(['u.id_user as id', 'u.user_firstname as firstname', 'u.user_lastname as lastname'])
    .where('u.deleted_at', 'is', null)
    .where((eb) => {
      const branches: Expression<SqlBool>[] = [eb('u.id_user', '=', requester.id)];
      if (projectId !== undefined) {
        branches.push(
          eb.exists(eb.selectFrom('user_project_access as upa').select('upa.id_user').whereRef('upa.id_user', '=', 'u.id_user').where('upa.id_project', '=', projectId)),
          eb('u.user_superadmin', '=', true),
        );
      } else {
        branches.push(userVisibleTo(requester)(eb));
        if (requester.superadmin) branches.push(eb('u.user_superadmin', '=', true));
      }
      return eb.or(branches);
    })
    .orderBy('u.user_firstname')
    .orderBy('u.user_lastname')
    .orderBy('u.id_user')
    .execute();
}

/** With `projectId`, the devices linked to the project; else the devices the requester may reach. */
export async function sessionDeviceChoices(db: AnyDb, requester: Requester, projectId?: number): Promise<Choice[]> {
  return db
    .selectFrom('devices as d')
    .select(['d.id_device as id', 'd.device_name as name'])
    .where('d.deleted_at', 'is', null)
    .$if(projectId === undefined, (q) => q.where(deviceVisibleTo(requester)))
    .$if(projectId !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('devices_projects as dp')
            .select('dp.id_device')
            .whereRef('dp.id_device', '=', 'd.id_device')
            .where('dp.id_project', '=', projectId!)
            .where('dp.deleted_at', 'is', null),
        ),
      ),
    )
    .orderBy('d.device_name')
    .orderBy('d.id_device')
    .execute();
}

/** The participants the requester may reach, of one project when `projectId` is given. */
export async function sessionParticipantChoices(db: AnyDb, requester: Requester, projectId?: number): Promise<Choice[]> {
  return db
    .selectFrom('participants as p')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .select(['p.id_participant as id', 'p.participant_name as name'])
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null)
    .where(projectAccessibleTo(requester, 'p.id_project'))
    .$if(projectId !== undefined, (q) => q.where('p.id_project', '=', projectId!))
    .orderBy('p.participant_name')
    .orderBy('p.id_participant')
    .execute();
}

/** A live session type the requester may reach: its category and its service's key. */
export async function accessibleSessionTypeService(db: AnyDb, requester: Requester, id: number): Promise<{ category: number; serviceKey: string | null } | undefined> {
  const row = await db
    .selectFrom('session_types as st')
    .leftJoin('services as sv', (join) => join.onRef('sv.id_service', '=', 'st.id_service').on('sv.deleted_at', 'is', null))
    .select(['st.session_type_category', 'sv.service_key'])
    .where('st.id_session_type', '=', id)
    .where('st.deleted_at', 'is', null)
    .where('st.id_session_type', 'in', accessibleSessionTypeIds(db, requester))
    .executeTakeFirst();
  return row ? { category: row.session_type_category as number, serviceKey: row.service_key as string | null } : undefined;
}

/** The key of a live service, by id or by key. */
export async function serviceKeyOf(db: AnyDb, which: { id: number } | { key: string }): Promise<string | undefined> {
  let query = db.selectFrom('services').select('service_key').where('deleted_at', 'is', null);
  query = 'id' in which ? query.where('id_service', '=', which.id) : query.where('service_key', '=', which.key);
  const row = await query.executeTakeFirst();
  return row?.service_key as string | undefined;
}
