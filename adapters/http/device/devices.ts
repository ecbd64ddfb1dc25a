// What a device reads and writes about itself (OpenTera api-participant-device-service.md 5.5-5.7): its own
// information, its `device_config` (the only field it may change), and its participants, without their
// credentials (OpenTera hands a device their usernames and static tokens: docs/compat.md).
import { Type } from '@sinclair/typebox';
import { updateDeviceCommand } from '../../../commands/devices.js';
import { deviceByUuid, participantsOfDeviceRows } from '../../../projections/queries/partyAuth.js';
import type { ParticipantRow } from '../../../projections/queries/partyRows.js';
import type { StaticTokens } from '../../auth/staticTokens.js';
import type { ApiDeps } from '../deps.js';
import type { AuthenticatedDevice } from '../deviceAuth.js';
import { endpointError } from '../errors.js';
import { LinkedParticipant, ParticipantNameAndUuid } from '../participant/schemas.js';
import { deviceFullJson, deviceMinimalJson, participantFullJson } from '../partyJson.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { participantsInfo, sessionTypesInfo } from './login.js';
import { FullDevice, MinimalDevice, SessionTypesInfo } from './schemas.js';

/** A participant as its device sees it: the full JSON but the participant's credentials. */
export async function linkedParticipantJson(row: ParticipantRow, staticTokens: StaticTokens) {
  const { participant_token: _token, participant_username: _username, ...json } = await participantFullJson(row, staticTokens);
  return json;
}

const DeviceBody = Type.Object(
  {
    device: Type.Object(
      {
        // A number, not an integer: any other id, however large, is someone else's device (403, as OpenTera).
        id_device: Type.Optional(Type.Number({ description: "The device's own id (the default); any other is 403" })),
        device_config: Type.Union([Type.String(), Type.Null()], { description: 'The new configuration, a string', 'x-missing': 'Missing config' }),
      },
      // As OpenTera, every other field is dropped.
      { additionalProperties: true, 'x-missing': 'Missing device schema' },
    ),
    token: Type.Optional(Type.String({ description: 'The device token, when not given otherwise' })),
  },
  { additionalProperties: true },
);

const unauthorizedResponse = { 401: { description: '"Unauthorized", "Disabled device" or "Invalid token"' } };

export function deviceRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/device/devices',
      tags: ['device'],
      summary: "The device's own information, participants and session types",
      auth: 'device',
      responses: {
        200: {
          description: 'The device',
          schema: Type.Object({ device_info: MinimalDevice, participants_info: Type.Array(ParticipantNameAndUuid), session_types_info: SessionTypesInfo }),
        },
        ...unauthorizedResponse,
      },
      async handler(ctx, { auth }) {
        const { device } = auth as AuthenticatedDevice;
        ctx.body = {
          device_info: deviceMinimalJson(device),
          participants_info: await participantsInfo(deps, device),
          session_types_info: await sessionTypesInfo(deps, device),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/device/devices',
      tags: ['device'],
      summary: "Update the device's own configuration (`device_config` only)",
      auth: 'device',
      body: DeviceBody,
      responses: {
        200: { description: 'A one-element list: the updated device', schema: Type.Array(FullDevice) },
        400: { description: 'Missing `device` or `device_config`, or a `device_config` that is not a string' },
        403: { description: 'Another device' },
        ...unauthorizedResponse,
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedDevice;
        const posted = body.device;
        if ((posted.id_device ?? requester.device.id_device) !== requester.device.id_device) throw endpointError(ctx, 403, 'Forbidden');
        const position = await updateDeviceCommand(deps.commandContext(ctx, requester), requester.uuid, { config: posted.device_config });
        await deps.waitForProjections(position);
        const device = (await deviceByUuid(deps.readDb, requester.uuid)) ?? requester.device;
        ctx.body = [await deviceFullJson(device, deps.staticTokens)];
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/device/participants',
      tags: ['device'],
      summary: "An onlineable device's participants (without their usernames and tokens)",
      auth: 'device',
      responses: {
        200: { description: "The device's participants", schema: Type.Object({ participants_info: Type.Array(LinkedParticipant) }) },
        403: { description: '"Invalid request": the device is not onlineable' },
        ...unauthorizedResponse,
      },
      async handler(ctx, { auth }) {
        const { device } = auth as AuthenticatedDevice;
        if (!device.device_onlineable) throw endpointError(ctx, 403, 'Invalid request');
        const rows = await participantsOfDeviceRows(deps.readDb, device.id_device);
        ctx.body = { participants_info: await Promise.all(rows.map((row) => linkedParticipantJson(row, deps.staticTokens))) };
      },
    }),
  ];
}
