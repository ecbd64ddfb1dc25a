// /api/user/devices/sites, /devices/projects and /devices/participants: the associations of devices
// (OpenTera api-user-1.md sections 6-8), with the fixes listed in docs/compat.md ("/api/user/devices and
// links"). As OpenTera, `list` acts when merely present (`list=false` too), and the other parameters when
// they are not 0 or false.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Context } from 'koa';
import {
  addDeviceParticipantLinks,
  addDeviceProjectLinks,
  addDeviceSiteLinks,
  removeDeviceParticipantLink,
  removeDeviceProjectLink,
  removeDeviceSiteLink,
  replaceDevicesOfProject,
  replaceDevicesOfSite,
  replaceProjectsOfDevice,
  replaceSitesOfDevice,
  type LinksWritten,
  type PostedLink,
} from '../../../commands/deviceAdministration.js';
import {
  deviceAndParticipantNames,
  deviceLinksOfProject,
  deviceLinksOfSite,
  deviceParticipantLinks,
  projectLinksOfDevice,
  siteLinksOfDevice,
  type DeviceParticipantSelection,
} from '../../../projections/queries/devices.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { deviceJsonFor, FullDevice } from './devices.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const idList = (key: string, missing: string) =>
  Type.Array(Type.Object({ [key]: Type.Integer() }, { additionalProperties: true }), { 'x-missing': missing, description: `Objects with ${key}; other keys are ignored` });

/** One posted association: the device by id or by uuid (sites and projects), and the other side. */
const postedItem = (other: string) =>
  Type.Object(
    {
      id_device: Type.Optional(Type.Integer()),
      device_uuid: Type.Optional(Type.String()),
      [other]: Type.Optional(Type.Integer()),
    },
    { additionalProperties: true, description: `id_device (or device_uuid) and ${other}; other keys are ignored` },
  );

const oneOrMany = <T extends TSchema>(item: T, options: Record<string, unknown> = {}) => Type.Union([item, Type.Array(item)], options);
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function postedLinks(items: Record<string, unknown>[], other: string): PostedLink[] {
  return items.map((item) => ({
    ...(typeof item.id_device === 'number' ? { deviceId: item.id_device } : typeof item.device_uuid === 'string' ? { deviceUuid: item.device_uuid } : {}),
    ...(typeof item[other] === 'number' ? { otherId: item[other] } : {}),
  }));
}

const emptyBody = (ctx: Context) => {
  ctx.type = 'application/json';
  return '""';
};

/** The association JSON of writes: the ids only. */
function writtenLinks(written: LinksWritten, keys: { id: string; other: string }) {
  return written.links.map((l) => ({ id_device: l.deviceId, [keys.other]: l.otherId, [keys.id]: l.linkId }));
}

const DeviceSiteLink = Type.Object({
  id_device_site: Nullable(Type.Integer()),
  id_device: Nullable(Type.Integer()),
  id_site: Nullable(Type.Integer()),
  device_name: Type.Optional(Nullable(Type.String())),
  site_name: Type.Optional(Nullable(Type.String())),
  device_available: Type.Optional(Type.Boolean({ description: 'No participant the requester may see uses the device' })),
});

const DeviceProjectLink = Type.Object({
  id_device_project: Nullable(Type.Integer()),
  id_device: Nullable(Type.Integer()),
  id_project: Nullable(Type.Integer()),
  device_name: Type.Optional(Nullable(Type.String())),
  project_name: Type.Optional(Nullable(Type.String())),
  device_available: Type.Optional(Type.Boolean({ description: 'No participant the requester may see uses the device' })),
  id_site: Type.Optional(Type.Integer({ description: 'With `with_sites`' })),
  site_name: Type.Optional(Type.String({ description: 'With `with_sites`' })),
});

const DeviceParticipantLink = Type.Object({
  id_device_participant: Type.Integer(),
  id_device: Type.Integer(),
  id_participant: Type.Integer(),
  participant_name: Type.Optional(Nullable(Type.String())),
  device_name: Type.Optional(Nullable(Type.String())),
  device_participant_device: Type.Optional(FullDevice),
});

const DeviceSitesBody = Type.Object(
  {
    device: Type.Optional(
      Type.Object({ id_device: Type.Integer({ 'x-missing': 'Missing id_device' }), sites: idList('id_site', 'Missing sites') }, { additionalProperties: true, description: "Replaces the device's sites" }),
    ),
    site: Type.Optional(
      Type.Object({ id_site: Type.Integer({ 'x-missing': 'Missing site ID' }), devices: idList('id_device', 'Missing devices') }, { additionalProperties: true, description: "Replaces the site's devices" }),
    ),
    device_site: Type.Optional(oneOrMany(postedItem('id_site'))),
  },
  { additionalProperties: true, description: 'One of device, site or device_site' },
);

const DeviceProjectsBody = Type.Object(
  {
    device: Type.Optional(
      Type.Object(
        { id_device: Type.Integer({ 'x-missing': 'Missing id_device' }), projects: idList('id_project', 'Missing projects') },
        { additionalProperties: true, description: "Replaces the device's projects" },
      ),
    ),
    project: Type.Optional(
      Type.Object(
        { id_project: Type.Integer({ 'x-missing': 'Missing id_project' }), devices: idList('id_device', 'Missing devices') },
        { additionalProperties: true, description: "Replaces the project's devices" },
      ),
    ),
    device_project: Type.Optional(oneOrMany(postedItem('id_project'))),
  },
  { additionalProperties: true, description: 'One of device, project or device_project' },
);

const DeviceParticipantsBody = Type.Object(
  {
    device_participant: oneOrMany(
      Type.Object(
        { id_device: Type.Optional(Type.Integer()), id_participant: Type.Optional(Type.Integer()) },
        { additionalProperties: true, description: 'id_device and id_participant; other keys are ignored' },
      ),
      { 'x-missing': 'Missing device_participant' },
    ),
  },
  { additionalProperties: true },
);

const linkIdQuery = (what: string) =>
  Type.Object(
    { id: Type.Integer({ description: `The ${what} association id to delete (not the device's nor the other side's id)` }) },
    { required: ['id'] },
  );

export function deviceLinksRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    // ------------------------------------------------------------------------------------- device-sites
    defineRoute({
      method: 'get',
      path: '/api/user/devices/sites',
      tags: ['user'],
      summary: "A device's sites, or a site's devices",
      description: 'id_device wins over id_site. Placeholders (with_sites, with_devices) have null ids for what is missing.',
      auth: 'user',
      query: Type.Object({
        id_device: Type.Optional(Type.Integer({ description: 'Links of this device to the sites the requester may see, by site name' })),
        id_site: Type.Optional(Type.Integer({ description: 'Links of this site, by device name' })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
        with_sites: Type.Optional(Type.Boolean({ description: 'With id_device: also the sites the device is not in' })),
        with_devices: Type.Optional(Type.Boolean({ description: 'With id_site: also the devices the site lacks' })),
      }),
      responses: { 200: { description: 'The associations', schema: Type.Array(DeviceSiteLink) }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!query.id_device && !query.id_site && !query.list && !query.with_sites && !query.with_devices) throw endpointError(ctx, 400, 'Missing arguments');
        const entries = query.id_device
          ? await siteLinksOfDevice(deps.readDb, requester, query.id_device, query.with_sites === true)
          : query.id_site
            ? await deviceLinksOfSite(deps.readDb, requester, query.id_site, query.with_devices === true)
            : [];
        ctx.body = entries.map((e) => (query.list !== undefined ? { id_device_site: e.id_device_site, id_device: e.id_device, id_site: e.id_site } : e));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/devices/sites',
      tags: ['user'],
      summary: "Replace a device's sites or a site's devices, or add device-site links (superadmin)",
      auth: 'user',
      body: DeviceSitesBody,
      responses: {
        200: { description: 'The links added', schema: Type.Array(Type.Object({ id_device: Type.Integer(), id_site: Type.Integer(), id_device_site: Type.Integer() })) },
        400: { description: 'Missing or badly formatted field' },
        403: { description: 'Not a superadmin' },
        404: { description: 'Unknown device or site' },
        409: { description: 'A site cannot be left while participants there use the device' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const command = deps.commandContext(ctx, requester);
        let written: LinksWritten;
        if (body.device) written = await replaceSitesOfDevice(command, requester, body.device.id_device, body.device.sites.map((s) => s.id_site as number));
        else if (body.site) written = await replaceDevicesOfSite(command, requester, body.site.id_site, body.site.devices.map((d) => d.id_device as number));
        else if (body.device_site) written = await addDeviceSiteLinks(command, requester, postedLinks(asList(body.device_site), 'id_site'));
        else throw endpointError(ctx, 400, '');
        await deps.waitForProjections(written.position);
        ctx.body = writtenLinks(written, { id: 'id_device_site', other: 'id_site' });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/devices/sites',
      tags: ['user'],
      summary: 'Take a device out of a site, and out of its projects there (site admins of that site)',
      auth: 'user',
      query: linkIdQuery('device-site'),
      responses: {
        200: { description: 'Removed' },
        400: { description: 'Missing id' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown association (superadmins)' },
        409: { description: 'Refused: participants there use the device' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await removeDeviceSiteLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),

    // ---------------------------------------------------------------------------------- device-projects
    defineRoute({
      method: 'get',
      path: '/api/user/devices/projects',
      tags: ['user'],
      summary: "A device's projects, or a project's devices",
      description: 'id_device wins over id_project. Placeholders (with_projects, with_devices) have null ids for what is missing.',
      auth: 'user',
      query: Type.Object({
        id_device: Type.Optional(Type.Integer({ description: 'Links of this device to the projects the requester may see, by project name' })),
        id_project: Type.Optional(Type.Integer({ description: 'Links of this project to the devices the requester may see, by device name' })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
        with_projects: Type.Optional(Type.Boolean({ description: 'With id_device: also the projects the device is not in' })),
        with_devices: Type.Optional(Type.Boolean({ description: "With id_project: also the devices of the project's site that the project lacks" })),
        with_sites: Type.Optional(Type.Boolean({ description: "Add the project's id_site and site_name" })),
      }),
      responses: { 200: { description: 'The associations', schema: Type.Array(DeviceProjectLink) }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!query.id_device && !query.id_project && !query.list && !query.with_projects && !query.with_devices && !query.with_sites) throw endpointError(ctx, 400, 'Missing arguments');
        const entries = query.id_device
          ? await projectLinksOfDevice(deps.readDb, requester, query.id_device, query.with_projects === true)
          : query.id_project
            ? await deviceLinksOfProject(deps.readDb, requester, query.id_project, query.with_devices === true)
            : [];
        ctx.body = entries.map(({ id_site, site_name, ...e }) => {
          if (query.list !== undefined) return { id_device_project: e.id_device_project, id_device: e.id_device, id_project: e.id_project };
          return query.with_sites && e.id_project !== null ? { ...e, id_site, site_name } : e;
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/devices/projects',
      tags: ['user'],
      summary: "Replace a device's projects or a project's devices, or add device-project links (site admins of the projects' sites)",
      description: 'A device joins a project only when it is in the project\'s site.',
      auth: 'user',
      body: DeviceProjectsBody,
      responses: {
        200: { description: 'The links added', schema: Type.Array(Type.Object({ id_device: Type.Integer(), id_project: Type.Integer(), id_device_project: Type.Integer() })) },
        400: { description: 'Missing or badly formatted field' },
        403: { description: "Not a site admin of a project's site, or a device outside the project's site" },
        404: { description: 'Unknown device or project (superadmins)' },
        409: { description: 'A project cannot be left while participants there use the device' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const command = deps.commandContext(ctx, requester);
        let written: LinksWritten;
        if (body.device) written = await replaceProjectsOfDevice(command, requester, body.device.id_device, body.device.projects.map((p) => p.id_project as number));
        else if (body.project) written = await replaceDevicesOfProject(command, requester, body.project.id_project, body.project.devices.map((d) => d.id_device as number));
        else if (body.device_project) written = await addDeviceProjectLinks(command, requester, postedLinks(asList(body.device_project), 'id_project'));
        else throw endpointError(ctx, 400, '');
        await deps.waitForProjections(written.position);
        ctx.body = writtenLinks(written, { id: 'id_device_project', other: 'id_project' });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/devices/projects',
      tags: ['user'],
      summary: 'Take a device out of a project (admins of the project who manage the device)',
      auth: 'user',
      query: linkIdQuery('device-project'),
      responses: {
        200: { description: 'Removed' },
        400: { description: 'Missing id' },
        403: { description: 'Not allowed' },
        404: { description: 'Unknown association (superadmins)' },
        409: { description: 'Refused: participants of the project use the device' },
      },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await removeDeviceProjectLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),

    // ------------------------------------------------------------------------------ device-participants
    defineRoute({
      method: 'get',
      path: '/api/user/devices/participants',
      tags: ['user'],
      summary: 'Device-participant links the requester may see',
      description: 'id_device wins over id_participant, which wins over id_site. id_device_type only narrows id_participant.',
      auth: 'user',
      query: Type.Object({
        id_device: Type.Optional(Type.Integer({ description: "Links of this device to the participants the requester may see" })),
        id_participant: Type.Optional(Type.Integer({ description: 'Links of this participant' })),
        id_site: Type.Optional(Type.Integer({ description: "Links of this site's devices to participants of this site's projects" })),
        id_device_type: Type.Optional(Type.Integer({ description: 'With id_participant: devices of that type only' })),
        list: Type.Optional(Type.Boolean({ description: 'When present (any value): the ids only' })),
      }),
      responses: { 200: { description: 'The associations', schema: Type.Array(DeviceParticipantLink) }, 400: { description: 'Missing arguments' }, 401: { description: 'Not authenticated' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!query.id_device && !query.id_participant && !query.id_site && !query.id_device_type && !query.list) throw endpointError(ctx, 400, 'Missing arguments');
        let selection: DeviceParticipantSelection | undefined;
        if (query.id_device) selection = { by: 'device', id: query.id_device };
        else if (query.id_participant) selection = { by: 'participant', id: query.id_participant, ...(query.id_device_type ? { typeId: query.id_device_type } : {}) };
        else if (query.id_site) selection = { by: 'site', id: query.id_site };
        const rows = selection ? await deviceParticipantLinks(deps.readDb, requester, selection) : [];
        const links = [];
        for (const row of rows) {
          const link = { id_device_participant: row.id_device_participant, id_device: row.device.id_device, id_participant: row.id_participant };
          links.push(
            query.list !== undefined
              ? link
              : { ...link, participant_name: row.participant_name, device_name: row.device.device_name, device_participant_device: await deviceJsonFor(row.device, deps.staticTokens) },
          );
        }
        ctx.body = links;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/devices/participants',
      tags: ['user'],
      summary: 'Link devices to participants (admins of the participants\' projects)',
      description: "A device joins a participant only when it is in the participant's project. Every item is checked before any is written.",
      auth: 'user',
      body: DeviceParticipantsBody,
      responses: {
        200: { description: 'The posted links, with their ids (and names, for the new ones)', schema: Type.Array(DeviceParticipantLink) },
        400: { description: 'Missing or badly formatted field' },
        403: { description: "Not an admin of the participant's project, no access to the device, or a device outside the participant's project" },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const items = asList(body.device_participant).map((i) => ({
          ...(typeof i.id_device === 'number' ? { deviceId: i.id_device } : {}),
          ...(typeof i.id_participant === 'number' ? { otherId: i.id_participant } : {}),
        }));
        const written = await addDeviceParticipantLinks(deps.commandContext(ctx, requester), requester, items);
        await deps.waitForProjections(written.position);
        const answer = [];
        for (const l of written.links) {
          const link = { id_device: l.deviceId, id_participant: l.otherId, id_device_participant: l.linkId };
          answer.push(l.created ? { ...link, ...(await deviceAndParticipantNames(deps.readDb, l.deviceId, l.otherId)) } : link);
        }
        ctx.body = answer;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/devices/participants',
      tags: ['user'],
      summary: "Unlink a device from a participant (admins of the participant's project)",
      auth: 'user',
      query: linkIdQuery('device-participant'),
      responses: { 200: { description: 'Removed' }, 400: { description: 'Missing id' }, 403: { description: 'Not allowed' }, 404: { description: 'Unknown association (superadmins)' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        await deps.waitForProjections(await removeDeviceParticipantLink(deps.commandContext(ctx, requester), requester, query.id));
        ctx.body = emptyBody(ctx);
      },
    }),
  ];
}
