// What a participant reads about itself (OpenTera api-participant-device-service.md 4.4-4.6): its own JSON
// (only its name with a static token), and its devices, without their tokens (OpenTera hands a participant
// every device's token: docs/compat.md).
import { Type } from '@sinclair/typebox';
import { devicesOfParticipantRows } from '../../../projections/queries/partyAuth.js';
import type { DeviceRow } from '../../../projections/queries/partyRows.js';
import type { ApiDeps } from '../deps.js';
import { LinkedDevice, MinimalDevice } from '../device/schemas.js';
import { endpointError } from '../errors.js';
import type { AuthenticatedParticipant } from '../participantAuth.js';
import { deviceFullJson, deviceMinimalJson, participantFullJson, participantMinimalJson } from '../partyJson.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { FullParticipant, MinimalParticipant } from './schemas.js';
import type { StaticTokens } from '../../auth/staticTokens.js';

const List = Type.Optional(Type.Boolean({ description: 'Flag that limits the returned data to minimal information' }));

/** A device as its participant sees it: the full JSON but the device's credential. */
export async function linkedDeviceJson(row: DeviceRow, staticTokens: StaticTokens) {
  const { device_token: _token, ...json } = await deviceFullJson(row, staticTokens);
  return json;
}

export function participantRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/participant/participants',
      tags: ['participant'],
      summary: "The participant's own information",
      description: 'With a static token, only `{"participant_name": ...}`.',
      auth: 'participant',
      strictQuery: true,
      query: Type.Object({ list: List }),
      responses: {
        200: { description: 'The participant', schema: Type.Union([FullParticipant, MinimalParticipant, Type.Object({ participant_name: Type.Union([Type.String(), Type.Null()]) })]) },
        400: { description: 'Unknown argument' },
        401: { description: 'Bad or missing credentials' },
      },
      async handler(ctx, { query, auth }) {
        const { participant, fullAccess } = auth as AuthenticatedParticipant;
        if (!fullAccess) ctx.body = { participant_name: participant.participant_name };
        else ctx.body = query.list ? participantMinimalJson(participant) : await participantFullJson(participant, deps.staticTokens);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/participant/participants',
      tags: ['participant'],
      summary: 'Not implemented (as OpenTera)',
      auth: 'participant-full',
      responses: { 501: { description: '"Not implemented"' }, 401: { description: 'Bad or missing credentials' }, 403: { description: 'A static token' } },
      async handler(ctx) {
        throw endpointError(ctx, 501, 'Not implemented');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/participant/devices',
      tags: ['participant'],
      summary: "The participant's devices (without their tokens)",
      auth: 'participant-full',
      strictQuery: true,
      query: Type.Object({
        id_device: Type.Optional(Type.Integer({ description: 'ID of the device to query' })),
        list: List,
      }),
      responses: {
        200: { description: 'The devices linked to the participant', schema: Type.Union([Type.Array(LinkedDevice), Type.Array(MinimalDevice)]) },
        400: { description: 'Unknown or bad argument' },
        401: { description: 'Bad or missing credentials' },
        403: { description: 'A static token' },
      },
      async handler(ctx, { query, auth }) {
        const { participant } = auth as AuthenticatedParticipant;
        // As OpenTera, 0 is no filter.
        const rows = await devicesOfParticipantRows(deps.readDb, participant.id_participant, query.id_device || undefined);
        ctx.body = query.list ? rows.map(deviceMinimalJson) : await Promise.all(rows.map((row) => linkedDeviceJson(row, deps.staticTokens)));
      },
    }),
  ];
}
