// /api/user/devicetypes and /api/user/devicesubtypes (OpenTera api-user-1.md sections 9 and 10), with the
// differences listed in docs/compat.md. Everyone authenticated reads all of them; only superadmins write.
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import {
  addDeviceSubtypeCommand,
  createDeviceTypeCommand,
  deleteDeviceTypeCommand,
  removeDeviceSubtypeCommand,
  renameDeviceSubtypeCommand,
  updateDeviceTypeCommand,
} from '../../../commands/deviceTypes.js';
import { deviceSubtypes, deviceTypes } from '../../../projections/queries/deviceTypes.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError } from '../errors.js';
import { translate } from '../i18n.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const DeviceType = Type.Object({ id_device_type: Type.Integer(), device_type_name: Type.String(), device_type_key: Type.String() });

const DeviceSubtype = Type.Object({
  id_device_subtype: Type.Integer(),
  id_device_type: Type.Integer(),
  device_subtype_name: Type.String(),
  device_subtype_parent: Type.String(),
});

const DeviceTypeBody = Type.Object(
  {
    device_type: Type.Object(
      {
        id_device_type: Type.Integer({ minimum: 0, description: '0 creates a type', 'x-missing': 'Missing id_device_type' }),
        device_type_name: Type.Optional(Type.String({ maxLength: 1024 })),
        device_type_key: Type.Optional(Type.String({ maxLength: 1024 })),
      },
      { additionalProperties: false, 'x-missing': 'Missing device type' },
    ),
  },
  { additionalProperties: false },
);

const DeviceSubtypeBody = Type.Object(
  {
    device_subtype: Type.Object(
      {
        id_device_subtype: Type.Integer({ minimum: 0, description: '0 creates a subtype', 'x-missing': 'Missing id_device_subtype' }),
        device_subtype_name: Type.Optional(Type.String({ maxLength: 1024 })),
        id_device_type: Type.Optional(Type.Integer({ minimum: 1, description: 'Required on create; ignored on update (a subtype never changes type)' })),
        // Computed by GET; a client may send back what it read.
        device_subtype_parent: Type.Optional(Type.String()),
      },
      { additionalProperties: false, 'x-missing': 'Missing device_subtype' },
    ),
  },
  { additionalProperties: false },
);

export function deviceTypesRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/devicetypes',
      tags: ['user'],
      summary: 'Device types (all of them, for every user)',
      auth: 'user',
      query: Type.Object({
        id_device_type: Type.Optional(Type.Integer({ description: 'ID of the device type to query' })),
        device_type_key: Type.Optional(Type.String({ description: 'Key of the device type to query' })),
        list: Type.Optional(Type.Boolean({ description: 'Accepted; changes nothing' })),
      }),
      responses: { 200: { description: 'The device types', schema: Type.Array(DeviceType) }, 400: { description: 'Bad parameter' }, 401: { description: 'Not authenticated' }, 403: { description: 'Unknown id or key' } },
      async handler(ctx, { query }) {
        // As OpenTera: no parameter lists all; id 0 falls through to the key, and without one answers [].
        if (query.id_device_type === undefined && query.device_type_key === undefined) {
          ctx.body = await deviceTypes(deps.readDb);
          return;
        }
        const filter = query.id_device_type ? { id: query.id_device_type } : query.device_type_key !== undefined ? { key: query.device_type_key } : undefined;
        if (!filter) {
          ctx.body = [];
          return;
        }
        const found = await deviceTypes(deps.readDb, filter);
        if (found.length === 0) throw endpointError(ctx, 403, 'Unexisting ID/Forbidden access');
        ctx.body = found;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/devicetypes',
      tags: ['user'],
      summary: 'Create (id_device_type 0) or rename a device type (superadmin)',
      auth: 'user',
      body: DeviceTypeBody,
      responses: {
        200: { description: 'The saved type', schema: Type.Array(DeviceType) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not a superadmin' },
        404: { description: 'Unknown type' },
        409: { description: 'Duplicate device_type_key' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const { id_device_type, device_type_name, device_type_key } = body.device_type;
        const fields = { ...(device_type_name !== undefined ? { name: device_type_name } : {}), ...(device_type_key !== undefined ? { key: device_type_key } : {}) };
        const command = deps.commandContext(ctx, requester);
        const result =
          id_device_type === 0 ? await createDeviceTypeCommand(command, requester, fields) : await updateDeviceTypeCommand(command, requester, id_device_type, fields);
        await deps.waitForProjections(result.position);
        ctx.body = await deviceTypes(deps.readDb, { id: result.id });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/devicetypes',
      tags: ['user'],
      summary: 'Delete a device type with its subtypes (superadmin)',
      auth: 'user',
      query: Type.Object({
        id: Type.Optional(Type.Integer({ description: 'ID of the device type to delete' })),
        device_type_key: Type.Optional(Type.String({ description: 'Key of the device type to delete' })),
      }),
      responses: { 200: { description: 'Deleted' }, 400: { description: 'Missing or conflicting arguments' }, 403: { description: 'Not a superadmin' }, 404: { description: 'Unknown type' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        if (!query.id && !query.device_type_key) throw endpointError(ctx, 400, 'Missing arguments');
        if (query.id && query.device_type_key) throw endpointError(ctx, 400, 'Tried to delete with 2 parameters');
        const which = query.id ? { id: query.id } : { key: query.device_type_key! };
        const result = await deleteDeviceTypeCommand(deps.commandContext(ctx, requester), requester, which);
        await deps.waitForProjections(result.position);
        ctx.body = endpointMessage(ctx, 'Device type successfully deleted');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/user/devicesubtypes',
      tags: ['user'],
      summary: 'Device subtypes (all of them, for every user)',
      auth: 'user',
      query: Type.Object({
        id_device_subtype: Type.Optional(Type.Integer({ description: 'ID of the device subtype to query' })),
        id_device_type: Type.Optional(Type.Integer({ description: 'Subtypes of that device type' })),
        list: Type.Optional(Type.Boolean({ description: 'Accepted; changes nothing' })),
      }),
      responses: { 200: { description: 'The device subtypes', schema: Type.Array(DeviceSubtype) }, 400: { description: 'Bad parameter' }, 401: { description: 'Not authenticated' }, 403: { description: 'Unknown id' } },
      async handler(ctx, { query }) {
        if (query.id_device_subtype !== undefined && query.id_device_type !== undefined) throw endpointError(ctx, 400, 'Too Many IDs');
        if (query.id_device_subtype !== undefined) {
          const found = await deviceSubtypes(deps.readDb, { id: query.id_device_subtype });
          if (found.length === 0) throw endpointError(ctx, 403, 'No access to device subtype');
          ctx.body = found;
        } else if (query.id_device_type !== undefined) {
          if ((await deviceTypes(deps.readDb, { id: query.id_device_type })).length === 0) throw endpointError(ctx, 403, 'No access to device type');
          ctx.body = await deviceSubtypes(deps.readDb, { typeId: query.id_device_type });
        } else {
          ctx.body = await deviceSubtypes(deps.readDb);
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/devicesubtypes',
      tags: ['user'],
      summary: 'Create (id_device_subtype 0) or rename a device subtype (superadmin)',
      auth: 'user',
      body: DeviceSubtypeBody,
      responses: {
        200: { description: 'The saved subtype', schema: Type.Array(DeviceSubtype) },
        400: { description: 'Missing or invalid field' },
        403: { description: 'Not a superadmin' },
        404: { description: 'Unknown subtype or type' },
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedUser;
        const { id_device_subtype, device_subtype_name, id_device_type } = body.device_subtype;
        const command = deps.commandContext(ctx, requester);
        const result =
          id_device_subtype === 0
            ? await addDeviceSubtypeCommand(command, requester, id_device_type, device_subtype_name)
            : await renameDeviceSubtypeCommand(command, requester, id_device_subtype, device_subtype_name);
        await deps.waitForProjections(result.position);
        ctx.body = await deviceSubtypes(deps.readDb, { id: result.id });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/user/devicesubtypes',
      tags: ['user'],
      summary: 'Delete a device subtype (superadmin)',
      auth: 'user',
      query: Type.Object({ id: Type.Integer({ description: 'ID of the device subtype to delete' }) }, { required: ['id'] }),
      responses: { 200: { description: 'Deleted' }, 403: { description: 'Not a superadmin' }, 404: { description: 'Unknown subtype' } },
      async handler(ctx, { query, auth }) {
        const requester = auth as AuthenticatedUser;
        const result = await removeDeviceSubtypeCommand(deps.commandContext(ctx, requester), requester, query.id);
        await deps.waitForProjections(result.position);
        ctx.body = endpointMessage(ctx, 'Device subtype successfully deleted');
      },
    }),
  ];
}

/** A success message as OpenTera sends it: a JSON string. */
function endpointMessage(ctx: Context, msgid: string): string {
  ctx.type = 'application/json';
  return JSON.stringify(translate(ctx, msgid));
}

