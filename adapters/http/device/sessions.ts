// A device's sessions and session events (OpenTera api-participant-device-service.md 5.8, 5.9): it creates
// and updates the sessions it creates, and logs events on the sessions it is in or created; reading and
// deleting are refused "for security reasons", as OpenTera. See docs/compat.md ("Sessions and session events").
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import { saveSessionByParty, saveSessionEventByDevice } from '../../../commands/partySessions.js';
import { projectIdsOfDevice, sessionEventsJson, sessionsJson } from '../../../projections/queries/sessions.js';
import type { ApiDeps } from '../deps.js';
import type { AuthenticatedDevice } from '../deviceAuth.js';
import { endpointError } from '../errors.js';
import { partySessionBody, partySessionInput } from '../participant/sessions.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { SessionEventJson, sessionEventBody, sessionEventInput } from '../user/sessionEvents.js';
import { SessionFull } from '../user/sessions.js';

function json(ctx: Context, body: unknown): void {
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

const unauthorizedResponse = { 401: { description: '"Unauthorized", "Disabled device" or "Invalid token"' } };

function refused(method: 'get' | 'delete', path: string) {
  return defineRoute({
    method,
    path,
    tags: ['device'],
    summary: 'Refused for security reasons (as OpenTera)',
    auth: 'device',
    responses: { 403: { description: '"Forbidden for security reasons"' }, ...unauthorizedResponse },
    async handler(ctx) {
      throw endpointError(ctx, 403, 'Forbidden for security reasons');
    },
  });
}

export function deviceSessionsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    refused('get', '/api/device/sessions'),
    refused('delete', '/api/device/sessions'),
    defineRoute({
      method: 'post',
      path: '/api/device/sessions',
      tags: ['device'],
      summary: 'Create (id_session 0) or update a session, as its creator',
      description:
        "A new session of one of the device's session types, with participants of its projects; posting a session the device already created (same name, type, start day and participants) updates that one. Only sessions the device created can be updated.",
      auth: 'device',
      body: partySessionBody('device'),
      responses: {
        200: { description: 'The saved session', schema: SessionFull },
        400: { description: 'Missing or invalid field, or an unknown participant uuid (nothing is written)' },
        403: { description: '"No access to session type", or "Unauthorized": a session the device did not create' },
        ...unauthorizedResponse,
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedDevice;
        const party = { kind: 'device' as const, id: requester.device.id_device, projectIds: await projectIdsOfDevice(deps.readDb, requester.device.id_device) };
        const result = await saveSessionByParty(deps.commandContext(ctx, requester), party, partySessionInput(body.session));
        await deps.waitForProjections(result.position);
        const [saved] = await sessionsJson(deps.readDb, [result.id]);
        json(ctx, saved ?? null);
      },
    }),
    refused('get', '/api/device/sessions/events'),
    refused('delete', '/api/device/sessions/events'),
    defineRoute({
      method: 'post',
      path: '/api/device/sessions/events',
      tags: ['device'],
      summary: 'Log (id_session_event 0) or change an event of a session the device is in or created',
      auth: 'device',
      body: sessionEventBody('Missing arguments', 'Missing arguments'),
      responses: {
        200: { description: 'The saved event, in a list', schema: Type.Array(SessionEventJson) },
        400: { description: 'Missing or invalid field' },
        403: { description: '"Unauthorized": not a session of the device' },
        404: { description: 'An event of another session' },
        ...unauthorizedResponse,
      },
      async handler(ctx, { body, auth }) {
        const requester = auth as AuthenticatedDevice;
        const input = sessionEventInput(body.session_event);
        const result = await saveSessionEventByDevice(deps.commandContext(ctx, requester), requester.device.id_device, input);
        await deps.waitForProjections(result.position);
        json(ctx, await sessionEventsJson(deps.readDb, input.sessionId, result.id));
      },
    }),
  ];
}
