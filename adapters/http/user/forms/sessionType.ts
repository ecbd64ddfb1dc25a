// The `session_type` form (OpenTera's TeraSessionTypeForm): the categories, and the services the requester
// may reach for a session type of the Service category.
import { SESSION_TYPE_CATEGORIES } from '../../../../domain/sessionType.js';
import { serviceChoices } from '../../../../projections/queries/forms.js';
import { formJson, item, valuesOf, type FormJson, type Translate } from './document.js';
import type { FormRequest } from './request.js';

/** The categories in OpenTera's enum order, with their (translated) names. */
export function categoryValues(t: Translate) {
  const names: Record<number, string> = {
    [SESSION_TYPE_CATEGORIES.service]: 'Service',
    [SESSION_TYPE_CATEGORIES.datacollect]: 'Data Collect',
    [SESSION_TYPE_CATEGORIES.filetransfer]: 'File Transfer',
    [SESSION_TYPE_CATEGORIES.protocol]: 'Protocol',
  };
  return Object.values(SESSION_TYPE_CATEGORIES).map((id) => ({ id, value: t(names[id] ?? 'Unknown') }));
}

export async function sessionTypeForm({ db, requester, t }: FormRequest): Promise<FormJson> {
  const services = valuesOf(await serviceChoices(db, requester), (s) => s.id, (s) => s.name);
  return formJson('session_type', [
    {
      id: 'informations',
      label: t('Information'),
      items: [
        item('id_session_type', t('Session Type ID'), 'hidden', { required: true }),
        item('session_type_name', t('Session Type Name'), 'text', { required: true }),
        item('session_type_category', t('Category'), 'array', { required: true, values: categoryValues(t) }),
        item('id_service', t('Service'), 'array', {
          values: services,
          condition: { item: 'session_type_category', op: '=', condition: SESSION_TYPE_CATEGORIES.service },
        }),
        item('session_type_service_key', t('Session Type Service Key'), 'hidden'),
        item('session_type_online', t('Session Type Online'), 'boolean', { required: true }),
        item('session_type_color', t('Session Type Display Color'), 'color', { required: true }),
        item('session_type_config', t('Session Type Configuration'), 'longtext'),
      ],
    },
  ]);
}
