// What a form is built from: the requester, the read models, the request's context arguments, and the
// requester's language.
import type { Context } from 'koa';
import type { Requester } from '../../../../domain/access.js';
import type { AnyDb } from '../../../../projections/types.js';
import type { ServerSettings } from '../../../db/serverSettings.js';
import type { Translate } from './document.js';

export interface FormRequest {
  ctx: Context;
  db: AnyDb;
  requester: Requester;
  t: Translate;
  serverSettings: ServerSettings;
  /** The context object's id (a group, participant, session, session type or service, depending on the form); 0 counts as absent. */
  id?: number;
  idProject?: number;
  idSite?: number;
  key?: string;
  /** False for OpenTeraPlus clients older than 1.3, which do not know the 2FA fields. */
  showTwoFactor: boolean;
}
