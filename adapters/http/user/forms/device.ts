// The `device` form (OpenTera's TeraDeviceForm): every device type to choose from (their names go through
// the translations, as OpenTera's gettext), and the subtypes fetched from the API when the type changes.
import { deviceTypeChoices } from '../../../../projections/queries/forms.js';
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export async function deviceForm({ db, t }: FormRequest): Promise<FormJson> {
  const types = (await deviceTypeChoices(db)).map((type) => ({ id: type.id, value: type.name === null ? null : t(type.name) }));
  return formJson('device', [
    {
      id: 'details',
      label: t('Parameters'),
      items: [
        item('id_device', t('Device ID'), 'hidden', { required: true }),
        item('device_uuid', t('Device UUID'), 'hidden', { required: true }),
        item('device_name', t('Device Name'), 'text', { required: true }),
        item('id_device_type', t('Device Type ID'), 'array', { required: true, values: types }),
        item('id_device_subtype', t('Device Sub-Type'), 'array', {
          condition: { item: 'id_device_type', op: '=', condition: 'changed', hook: '/api/user/devicesubtypes?id_device_type=' },
        }),
        item('device_token', t('Access Token'), 'longlabel', { options: { readonly: false } }),
        item('device_certificate', t('Certificate'), 'hidden', { options: { readonly: true } }),
        item('device_enabled', t('Device Enabled?'), 'boolean', { required: true }),
        item('device_onlineable', t('Device Onlineable?'), 'boolean', { required: true }),
        item('device_lastonline', t('Last Connection'), 'datetime', { options: { readonly: true } }),
      ],
    },
    { id: 'infos', label: t('Information'), items: [item('device_infos', t('Device Information'), 'longtext')] },
    { id: 'config', label: t('Configuration'), items: [item('device_config', t('Device Configuration'), 'longtext')] },
    { id: 'notes', label: t('Notes'), items: [item('device_notes', t('Notes'), 'longtext')] },
  ]);
}
