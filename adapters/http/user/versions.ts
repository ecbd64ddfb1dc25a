// /api/user/versions (OpenTera api-user-2.md 28): the server version and the known clients' latest
// versions (read by every user; the login's client version check uses them). Superadmins add or replace
// a client's entry.
import { Type } from '@sinclair/typebox';
import type { ClientVersion } from '../../db/serverSettings.js';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { translate } from '../i18n.js';
import { defineRoute, type AnyRoute } from '../routes.js';

const Text = Type.Union([Type.String(), Type.Null()]);

const ClientVersionSchema = Type.Object({
  client_name: Type.String({ minLength: 1 }),
  client_description: Type.Optional(Text),
  client_version: Type.String({ minLength: 1, description: 'Latest version; a client whose major part differs is refused at login (426)' }),
  client_documentation_url: Type.Optional(Text),
  client_windows_download_url: Type.Optional(Text),
  client_mac_download_url: Type.Optional(Text),
  client_linux_download_url: Type.Optional(Text),
});

const Versions = Type.Object({
  version_string: Type.String(),
  version_major: Type.Integer(),
  version_minor: Type.Integer(),
  version_patch: Type.Integer(),
  clients: Type.Record(Type.String(), Type.Object({}, { additionalProperties: true })),
});

export function versionsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/versions',
      tags: ['user'],
      summary: 'Server version and the latest version of each known client',
      auth: 'user',
      responses: { 200: { description: 'The versions', schema: Versions }, 401: { description: 'Not authenticated' } },
      async handler(ctx) {
        ctx.body = await deps.serverSettings.versions();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/versions',
      tags: ['user'],
      summary: 'Add or replace a client\'s version entry (superadmin)',
      auth: 'user',
      // As OpenTera, other keys of the body and of the entry are ignored.
      body: Type.Object({ ClientVersions: Type.Optional(ClientVersionSchema) }),
      responses: {
        200: { description: 'The versions after the change', schema: Versions },
        400: { description: 'Invalid entry (client_name and client_version are required)' },
        403: { description: 'Not a superadmin' },
      },
      async handler(ctx, { body, auth }) {
        if (!(auth as AuthenticatedUser).superadmin) throw new HttpError(403, translate(ctx, 'Not authorized'));
        const entry = body.ClientVersions;
        if (!entry) {
          ctx.body = await deps.serverSettings.versions();
          return;
        }
        const client: ClientVersion = {
          client_name: entry.client_name,
          client_description: entry.client_description ?? null,
          client_version: entry.client_version,
          client_documentation_url: entry.client_documentation_url ?? null,
          client_windows_download_url: entry.client_windows_download_url ?? null,
          client_mac_download_url: entry.client_mac_download_url ?? null,
          client_linux_download_url: entry.client_linux_download_url ?? null,
        };
        ctx.body = await deps.serverSettings.saveClientVersion(client);
      },
    }),
  ];
}
