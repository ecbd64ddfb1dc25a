// /api/user/devices (OpenTera api-user-1.md section 4), with the fixes listed in docs/compat.md
// ("/api/user/devices and links"). Device JSON comes from adapters/http/partyJson.ts; a device's static token
// goes only to those who manage the device.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import { deleteDeviceByUser, saveDevice, type DeviceFields } from '../../../commands/deviceAdministration.js';
import {
  deviceRowFor,
  selectAccessibleDevices,
  subtypesByIds,
  visibleParticipantsOfDevices,
  visibleProjectLinksOfDevices,
  visibleSitesOfDevices,
  type DeviceListRow,
  type DeviceSelection,
} from '../../../projections/queries/devices.js';
import type { StaticTokens } from '../../auth/staticTokens.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { translate } from '../i18n.js';
import { deviceFullJson, deviceMinimalJson, type DeviceFullJson } from '../partyJson.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const MinimalDevice = Type.Object({
  id_device: Type.Integer(),
  device_uuid: Type.String({ format: 'uuid' }),
  device_name: Nullable(Type.String()),
  id_device_type: Type.Integer(),
  id_device_subtype: Nullable(Type.Integer()),
  device_enabled: Type.Boolean(),
});

export const FullDevice = Type.Composite([
  MinimalDevice,
  Type.Object({
    device_token: Nullable(Type.String({ description: 'The static token; null unless the requester manages the device (a site admin of one of its sites, or a superadmin)' })),
    device_onlineable: Type.Boolean(),
    device_config: Nullable(Type.String()),
    device_infos: Nullable(Type.String()),
    device_notes: Nullable(Type.String()),
    device_lastonline: Nullable(Type.String({ description: 'ISO 8601' })),
  }),
]);

const ListedDevice = Type.Composite([
  MinimalDevice,
  Type.Partial(FullDevice),
  Type.Object({
    device_subtype: Type.Optional(Type.Object({}, { additionalProperties: true, description: "The device's subtype, when it has one" })),
    device_participants: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'With `with_participants`: the linked participants the requester may see' })),
    device_sites: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'With `with_sites`: the linked sites the requester may see' })),
    device_projects: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { description: 'With `projects`: the project links to projects the requester may see' })),
    device_online: Type.Optional(Type.Boolean({ description: 'With `with_status`; always false until presence exists' })),
    device_busy: Type.Optional(Type.Boolean({ description: 'With `with_status`; always false until presence exists' })),
    device_status: Type.Optional(Type.Null({ description: 'With `with_status`; null until presence exists' })),
  }),
]);

/** Fields that GET adds or that only the server sets: a client may send back what it read; they are ignored. */
const readBack = (description: string) => Type.Optional(Type.Unknown({ description: `Read-only (${description}): accepted and ignored` }));

const DeviceBody = Type.Object(
  {
    device: Type.Object(
      {
        id_device: Type.Integer({ minimum: 0, description: '0 creates a device', 'x-missing': 'Missing id_device' }),
        device_name: Type.Optional(Type.String({ description: 'Required on create' })),
        id_device_type: Type.Optional(Type.Integer({ description: 'Required on create' })),
        id_device_subtype: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: '0 or null: none' }))),
        device_enabled: Type.Optional(Type.Boolean({ description: 'false on create unless given' })),
        device_onlineable: Type.Optional(Type.Boolean({ description: 'false on create unless given' })),
        device_config: Type.Optional(Nullable(Type.String())),
        device_infos: Type.Optional(Nullable(Type.String())),
        device_notes: Type.Optional(Nullable(Type.String())),
        device_projects: Type.Optional(
          Type.Array(Type.Object({ id_project: Type.Integer() }, { additionalProperties: true }), {
            description: 'The projects (on sites the requester administers) the device must be in; a project brings its site',
          }),
        ),
        device_sites: Type.Optional(
          Type.Array(Type.Object({ id_site: Type.Integer() }, { additionalProperties: true }), {
            description: 'The sites (that the requester administers) the device must be in; on update, the administered sites not listed are left',
          }),
        ),
        device_uuid: readBack('generated'),
        device_token: readBack('issued by the server'),
        device_certificate: readBack('issued at device registration'),
        device_lastonline: readBack('set at login'),
        device_subtype: readBack('computed'),
        device_participants: readBack('computed'),
        device_online: readBack('computed'),
        device_busy: readBack('computed'),
        device_status: readBack('computed'),
      },
      { additionalProperties: false, 'x-missing': 'Missing device' },
    ),
  },
  { additionalProperties: false },
);

/** The full JSON, with the static token only for those who manage the device. */
export async function deviceJsonFor(row: DeviceListRow, staticTokens: StaticTokens): Promise<Omit<DeviceFullJson, 'device_token'> & { device_token: string | null }> {
  const json = await deviceFullJson(row, staticTokens);
  return row.may_manage ? json : { ...json, device_token: null };
}

/** A success message as OpenTera sends it: a JSON string. */
export function endpointMessage(ctx: Context, msgid: string): string {
  ctx.type = 'application/json';
  return JSON.stringify(translate(ctx, msgid));
}

export function devicesRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/devices',
      tags: ['user'],
      summary: 'Devices the requester may see',
      description:
        'At most one selector (id_device or id, device_uuid or uuid, id_site, id_project, id_device_subtype, name); none lists every visible device, of type id_device_type when given. id_device_type also narrows id_site and id_project.',
      auth: 'user',
      query: Type.Object({
        id: Type.Optional(Type.Integer({ description: 'Alias of id_device; when not 0 it wins' })),
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device to query' })),
        device_uuid: Type.Optional(Type.String({ description: 'UUID of the device to query' })),
        uuid: Type.Optional(Type.String({ description: 'Alias for device_uuid' })),
        id_site: Type.Optional(Type.Integer({ description: 'Devices of that site, by name' })),
        id_project: Type.Optional(Type.Integer({ description: 'Devices of that project, by name' })),
        id_device_type: Type.Optional(Type.Integer({ description: 'Devices of that type; combines with id_site and id_project' })),
        id_device_subtype: Type.Optional(Type.Integer({ description: 'Devices of that subtype, by name' })),
        name: Type.Optional(Type.String({ description: 'Devices with that exact name' })),
        enabled: Type.Optional(Type.Boolean({ description: 'true: enabled devices only. With id_project, false keeps the disabled ones only' })),
        list: Type.Optional(Type.Boolean({ description: 'Minimal information' })),
        projects: Type.Optional(Type.Boolean({ description: 'Include device_projects' })),
        with_participants: Type.Optional(Type.Boolean({ description: 'Include device_participants' })),
        with_sites: Type.Optional(Type.Boolean({ description: 'Include device_sites' })),
        with_status: Type.Optional(Type.Boolean({ description: 'Include device_online, device_busy and device_status' })),
      }),
      responses: { 200: { description: 'The devices', schema: Type.Array(ListedDevice) }, 400: { description: 'Bad parameter, or more than one selector ("Too many IDs")' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const db = deps.readDb;
        // OpenTera counts the parameters that are present (a 0 included), flags and id_device_type aside;
        // besides `id`, at most one of them may be given, and a 0 or empty one selects nothing.
        const idDevice = query.id ? query.id : query.id_device;
        const selectors = { id_device: idDevice, device_uuid: query.device_uuid, uuid: query.uuid, id_site: query.id_site, id_project: query.id_project, id_device_subtype: query.id_device_subtype, name: query.name };
        const present = Object.values(selectors).filter((v) => v !== undefined).length;
        let selection: DeviceSelection | undefined;
        if (present === 0 && query.id === undefined) selection = { by: 'all', ...(query.id_device_type !== undefined ? { typeId: query.id_device_type } : {}) };
        else if (present !== 1) throw endpointError(ctx, 400, 'Too many IDs');
        else if (idDevice) selection = { by: 'id', id: idDevice };
        else if (query.device_uuid || query.uuid) selection = { by: 'uuid', uuid: (query.device_uuid || query.uuid)! };
        else if (query.id_site) selection = { by: 'site', id: query.id_site, ...(query.id_device_type ? { typeId: query.id_device_type } : {}) };
        else if (query.id_project) selection = { by: 'project', id: query.id_project, ...(query.id_device_type ? { typeId: query.id_device_type } : {}), ...(query.enabled !== undefined ? { enabled: query.enabled } : {}) };
        else if (query.id_device_subtype) selection = { by: 'subtype', id: query.id_device_subtype };
        else if (query.name) selection = { by: 'name', name: query.name };
        const rows = selection ? await selectAccessibleDevices(db, requester, selection, query.enabled === true) : [];

        const ids = rows.map((r) => r.id_device);
        const [subtypes, participants, sites, projects] = await Promise.all([
          subtypesByIds(db, rows.flatMap((r) => (r.id_device_subtype !== null ? [r.id_device_subtype] : []))),
          query.with_participants ? visibleParticipantsOfDevices(db, requester, ids) : undefined,
          query.with_sites ? visibleSitesOfDevices(db, requester, ids) : undefined,
          query.projects ? visibleProjectLinksOfDevices(db, requester, ids) : undefined,
        ]);
        const list = query.list === true;
        const devices = [];
        for (const row of rows) {
          const device: Record<string, unknown> = list ? { ...deviceMinimalJson(row) } : { ...(await deviceJsonFor(row, deps.staticTokens)) };
          if (participants) {
            device.device_participants = (participants.get(row.id_device) ?? []).map(({ project_name, ...p }) => (list ? p : { ...p, project_name }));
          }
          if (sites) device.device_sites = (sites.get(row.id_device) ?? []).map(({ site_name, ...s }) => (list ? s : { ...s, site_name }));
          if (projects) {
            device.device_projects = (projects.get(row.id_device) ?? []).map((p) => ({
              id_device_project: p.id_device_project,
              id_device: row.id_device,
              id_project: p.id_project,
              ...(list ? {} : { project: p.project }),
            }));
          }
          const subtype = row.id_device_subtype !== null ? subtypes.get(row.id_device_subtype) : undefined;
          if (subtype) device.device_subtype = subtype;
          if (query.with_status) {
            // Presence arrives with the websocket gateway; until then no device is online or busy.
            device.device_online = false;
            device.device_busy = false;
            device.device_status = null;
          }
          devices.push(device);
        }
        ctx.body = devices;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/devices',
      tags: ['user'],
      summary: 'Create (id_device 0) or update a device, and its sites and projects',
      description:
        'Create: superadmins, or site admins linking the new device to sites or projects they administer. Update: superadmins and site admins of one of the device\'s sites. A new device gets a new static token; a posted device_token or device_uuid is ignored.',
      auth: 'user',
      body: DeviceBody,
      responses: {
        200: { description: 'The saved device', schema: Type.Array(FullDevice) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown device, type, subtype, site or project (superadmins; types and subtypes for everyone)' },
        409: { description: 'A site or project cannot be left while participants there use the device' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const d = body.device;
        const fields: DeviceFields = {};
        if (d.device_name !== undefined) fields.name = d.device_name;
        if (d.id_device_type !== undefined) fields.typeId = d.id_device_type;
        if (d.id_device_subtype !== undefined) fields.subtypeId = d.id_device_subtype;
        if (d.device_enabled !== undefined) fields.enabled = d.device_enabled;
        if (d.device_onlineable !== undefined) fields.onlineable = d.device_onlineable;
        if (d.device_config !== undefined) fields.config = d.device_config;
        if (d.device_infos !== undefined) fields.infos = d.device_infos;
        if (d.device_notes !== undefined) fields.notes = d.device_notes;
        const result = await saveDevice(deps.commandContext(ctx, requester), requester, {
          id: d.id_device,
          fields,
          ...(d.device_sites ? { sites: d.device_sites.map((s) => s.id_site) } : {}),
          ...(d.device_projects ? { projects: d.device_projects.map((p) => p.id_project) } : {}),
        });
        await deps.waitForProjections(result.position);
        const row = await deviceRowFor(deps.readDb, requester, result.id);
        ctx.body = row ? [await deviceJsonFor(row, deps.staticTokens)] : [];
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/devices',
      tags: ['user'],
      summary: 'Delete a device, or take it out of the projects the requester administers',
      description:
        'Superadmins, and admins of every site and project of the device, delete it; another project admin only takes it out of the projects it administers. Refused (409) while participants use the device.',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'Device ID to delete' }) }, { required: ['id'] }),
      responses: {
        200: { description: 'Deleted' },
        400: { description: 'Missing id' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown device (superadmins)' },
        409: { description: 'Refused: participants use the device' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const position = await deleteDeviceByUser(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(position);
        ctx.body = endpointMessage(ctx, 'Device successfully deleted');
      },
    }),
  ];
}
