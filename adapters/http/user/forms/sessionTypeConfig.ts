// The `session_type_config` form (OpenTera's TeraSessionTypeConfigForm): empty for a session type that is
// not a service's. A service's session type has its form from the service: OpenTera asks it over Redis RPC
// and answers 408 when it does not reply. Services cannot answer requests here yet (they get events, not
// calls), so that case is the 408 OpenTera gives a silent service (docs/compat.md).
import { SESSION_TYPE_CATEGORIES } from '../../../../domain/sessionType.js';
import { accessibleSessionTypeService } from '../../../../projections/queries/forms.js';
import { endpointError, HttpError } from '../../errors.js';
import { translate } from '../../i18n.js';
import { formJson, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export async function sessionTypeConfigForm({ ctx, db, requester, id }: FormRequest): Promise<FormJson> {
  if (!id) throw endpointError(ctx, 400, 'Missing session type id');
  const sessionType = await accessibleSessionTypeService(db, requester, id);
  // As OpenTera, an unknown session type falls through to the unknown-form answer; one the requester may not
  // reach answers the same, so that its existence does not show.
  if (!sessionType) throw new HttpError(400, `${translate(ctx, 'Unknown form type: ')}session_type_config`);
  if (sessionType.category === SESSION_TYPE_CATEGORIES.service) throw endpointError(ctx, 408, 'No reply from service while querying session type config');
  return formJson('session_type_config', []);
}
