// The device login and logout (OpenTera api-participant-device-service.md 5.1, 5.2). A device logs in with its
// certificate, its token in `Authorization: OpenTera`, or its token as the `token` argument; its tokens never
// expire and a logout revokes nothing.
import { Type } from '@sinclair/typebox';
import { recordPartyLogin } from '../../../commands/logins.js';
import { deviceByUuid, deviceTypeNames, participantsOfDeviceRows } from '../../../projections/queries/partyAuth.js';
import type { DeviceRow } from '../../../projections/queries/partyRows.js';
import { projectsOfDevice, sessionTypeMinimalJson, sessionTypesOfProjects, type SessionTypeMinimalJson } from '../../../projections/queries/sessionTypes.js';
import { loginClient } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import type { AuthenticatedDevice } from '../deviceAuth.js';
import { deviceFullJson } from '../partyJson.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { jsonMessage } from '../user/login.js';
import { ParticipantNameAndUuid } from '../participant/schemas.js';
import { FullDevice, SessionTypesInfo } from './schemas.js';

/** The session types of the device's projects (OpenTera's device access), minimal JSON, as its login and GET /devices list them. */
export async function sessionTypesInfo(deps: ApiDeps, device: DeviceRow): Promise<SessionTypeMinimalJson[]> {
  return (await sessionTypesOfProjects(deps.readDb, await projectsOfDevice(deps.readDb, device.id_device))).map(sessionTypeMinimalJson);
}

/** The device's participants as its login and GET /devices list them: name and uuid. */
export async function participantsInfo(deps: ApiDeps, device: DeviceRow): Promise<{ participant_name: string | null; participant_uuid: string }[]> {
  return (await participantsOfDeviceRows(deps.readDb, device.id_device)).map((p) => ({ participant_name: p.participant_name, participant_uuid: p.participant_uuid }));
}

async function deviceInfo(deps: ApiDeps, device: DeviceRow): Promise<Record<string, unknown>> {
  const names = await deviceTypeNames(deps.readDb, device);
  // As OpenTera: the type's and the subtype's names in place of their objects, the subtype only when set.
  return { ...(await deviceFullJson(device, deps.staticTokens)), device_type: names.type, ...(names.subtype !== null ? { device_subtype: names.subtype } : {}) };
}

const LoginReply = Type.Object({
  device_info: Type.Composite([FullDevice, Type.Object({ device_type: Type.String(), device_subtype: Type.Optional(Type.String()) })]),
  participants_info: Type.Array(ParticipantNameAndUuid),
  session_types_info: SessionTypesInfo,
});

const unauthorizedResponse = { 401: { description: '"Unauthorized", "Disabled device" or "Invalid token"' } };

export function deviceLoginRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/device/login',
      tags: ['device'],
      summary: 'Device login: its information, participants and session types',
      description: 'No `websocket_url` yet: the websocket gateway does not exist.',
      auth: 'device',
      strictQuery: true,
      query: Type.Object({ token: Type.Optional(Type.String({ description: 'Secret Token' })) }),
      responses: { 200: { description: 'Logged in', schema: LoginReply }, 400: { description: 'Unknown argument' }, ...unauthorizedResponse },
      async handler(ctx, { auth }) {
        const requester = auth as AuthenticatedDevice;
        const position = await recordPartyLogin(deps.commandContext(ctx, requester), requester.uuid, {
          type: 'DeviceLoggedIn',
          data: { ...loginClient(ctx), method: requester.via },
        });
        // The reply shows the login's `device_lastonline`, as OpenTera's (it updates the row first).
        await deps.waitForProjections(position);
        const device = (await deviceByUuid(deps.readDb, requester.uuid)) ?? requester.device;
        // TODO(presence): an onlineable device gets its websocket_url, and 403 "Device already logged in." when it
        // is online already, once the websocket gateway exists (issue 6).
        ctx.body = {
          device_info: await deviceInfo(deps, device),
          participants_info: await participantsInfo(deps, device),
          session_types_info: await sessionTypesInfo(deps, device),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/device/logout',
      tags: ['device'],
      summary: 'Device logout (its token stays valid)',
      auth: 'device',
      responses: { 200: { description: '"Device logged out."' }, ...unauthorizedResponse },
      async handler(ctx) {
        // TODO(presence): disconnect the device's websocket, once the websocket gateway exists.
        jsonMessage(ctx, 'Device logged out.');
      },
    }),
  ];
}
