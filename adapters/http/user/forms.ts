// GET /api/user/forms (OpenTera api-user-1.md section 12): the description of a data-entry form, which
// clients build their editors from. One module per form under ./forms/; the value lists come from the read
// models, limited to what the requester may reach. Differences from OpenTera are in docs/compat.md
// ("## /api/user/forms and /stats").
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import type { AuthenticatedUser } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { endpointError, HttpError } from '../errors.js';
import { translate } from '../i18n.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { deviceForm } from './forms/device.js';
import { deviceSubtypeForm } from './forms/deviceSubtype.js';
import { deviceTypeForm } from './forms/deviceType.js';
import type { FormJson } from './forms/document.js';
import { groupForm } from './forms/group.js';
import { formTranslator } from './forms/labels.js';
import { participantForm } from './forms/participant.js';
import { projectForm } from './forms/project.js';
import type { FormRequest } from './forms/request.js';
import { serviceForm } from './forms/service.js';
import { serviceConfigForm } from './forms/serviceConfig.js';
import { sessionForm } from './forms/session.js';
import { sessionTypeForm } from './forms/sessionType.js';
import { sessionTypeConfigForm } from './forms/sessionTypeConfig.js';
import { siteForm } from './forms/site.js';
import { testTypeForm } from './forms/testType.js';
import { userForm } from './forms/user.js';
import { userGroupForm } from './forms/userGroup.js';
import { versionsForm } from './forms/versions.js';

const FORMS: Record<string, (request: FormRequest) => FormJson | Promise<FormJson>> = {
  user: userForm,
  site: siteForm,
  device: deviceForm,
  project: projectForm,
  group: groupForm,
  participant: participantForm,
  session_type: sessionTypeForm,
  session_type_config: sessionTypeConfigForm,
  session: sessionForm,
  device_type: deviceTypeForm,
  device_subtype: deviceSubtypeForm,
  user_group: userGroupForm,
  service: serviceForm,
  service_config: serviceConfigForm,
  versions: versionsForm,
  test_type: testTypeForm,
};

/** Python's int() of a version part: digits with an optional sign and surrounding spaces. */
function versionPart(part: string | undefined): number | undefined {
  return part !== undefined && /^\s*[+-]?\d+\s*$/.test(part) ? Number(part) : undefined;
}

/**
 * OpenTeraPlus before 1.3 does not know the 2FA fields: OpenTera hides them from a client named OpenTeraPlus
 * whose version is 1.x with x < 3, or has fewer than two parts. A version part that is not a number makes
 * OpenTera fail (500); ours then shows the fields, as to any client that is not such an old OpenTeraPlus.
 */
function showsTwoFactorFields(ctx: Context): boolean {
  if (ctx.headers['x-client-version'] === undefined || ctx.get('x-client-name') !== 'OpenTeraPlus') return true;
  const parts = ctx.get('x-client-version').split('.');
  if (parts.length < 2) return false;
  const [major, minor] = [versionPart(parts[0]), versionPart(parts[1])];
  if (major === undefined || minor === undefined) return true;
  return !(minor < 3 && major === 1);
}

const Value = Type.Object({ id: Type.Union([Type.Integer(), Type.String()]), value: Type.Union([Type.String(), Type.Null()]) });
const Item = Type.Object(
  {
    id: Type.String({ description: 'The field it edits' }),
    label: Type.String(),
    type: Type.String({ description: 'hidden, text, boolean, array, password, datetime, longtext, label, longlabel, numeric, color, duration, json, videoinputs or audioinputs' }),
    _order: Type.Integer({ minimum: 1 }),
    required: Type.Optional(Type.Literal(true)),
    values: Type.Optional(Type.Array(Value, { minItems: 1 })),
    default: Type.Optional(Type.Unknown()),
    condition: Type.Optional(
      Type.Object({ item: Type.String(), op: Type.String(), condition: Type.Unknown(), hook: Type.Optional(Type.String({ description: 'API path to fetch new values from' })) }),
    ),
  },
  { additionalProperties: true, description: 'Options (readonly, confirm, ...) are top-level keys' },
);
const Form = Type.Object({
  objecttype: Type.String(),
  sections: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), _order: Type.Integer({ minimum: 1 }), items: Type.Array(Item) })),
});

export function formsRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/user/forms',
      tags: ['user'],
      summary: 'Description of the data-entry form of a data type',
      description:
        'Types: device, device_type, device_subtype, group, participant, project, service, service_config, session, session_type, session_type_config, site, test_type, user, user_group, versions. Labels follow Accept-Language (English or French). `X-Client-Name: OpenTeraPlus` with an `X-Client-Version` older than 1.3 hides the 2FA fields of the user and site forms.',
      auth: 'user',
      query: Type.Object({
        type: Type.Optional(Type.String({ description: 'Data type of the required form' })),
        id: Type.Optional(Type.Integer({ description: 'Specific id of subitem to query. Used to provide context to the returned form.' })),
        id_project: Type.Optional(Type.Integer({ description: 'Specific id_project used to limit arrays list in some forms' })),
        id_site: Type.Optional(Type.Integer({ description: 'Specific id_site used to limit arrays list in some forms' })),
        key: Type.Optional(Type.String({ description: 'Specific key of subitem to query. Used with service_config.' })),
      }),
      responses: {
        200: { description: 'The form', schema: Form },
        400: { description: 'Missing arguments or type, unknown form type, missing session type id, invalid service' },
        401: { description: 'Not authenticated' },
        408: { description: "A service's session type: its configuration form comes from the service, which cannot be asked yet" },
      },
      async handler(ctx, { query, auth }) {
        if (!query.type && !query.id && !query.id_project && !query.id_site && !query.key) throw endpointError(ctx, 400, 'Missing arguments');
        // OpenTera answers 500 here (it appends None to its message).
        if (query.type === undefined) throw endpointError(ctx, 400, 'Missing type');
        const build = Object.hasOwn(FORMS, query.type) ? FORMS[query.type] : undefined;
        if (!build) throw new HttpError(400, `${translate(ctx, 'Unknown form type: ')}${query.type}`);
        ctx.body = await build({
          ctx,
          db: deps.readDb,
          requester: auth as AuthenticatedUser,
          t: formTranslator(ctx),
          serverSettings: deps.serverSettings,
          ...(query.id ? { id: query.id } : {}),
          ...(query.id_project ? { idProject: query.id_project } : {}),
          ...(query.id_site ? { idSite: query.id_site } : {}),
          ...(query.key ? { key: query.key } : {}),
          showTwoFactor: showsTwoFactorFields(ctx),
        });
      },
    }),
  ];
}
