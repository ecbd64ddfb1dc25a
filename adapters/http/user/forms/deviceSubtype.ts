// The `device_subtype` form (OpenTera's TeraDeviceSubTypeForm): every device type to choose from, their
// names through the translations as OpenTera's gettext.
import { deviceTypeChoices } from '../../../../projections/queries/forms.js';
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export async function deviceSubtypeForm({ db, t }: FormRequest): Promise<FormJson> {
  const types = (await deviceTypeChoices(db)).map((type) => ({ id: type.id, value: type.name === null ? null : t(type.name) }));
  return formJson('device_subtype', [
    {
      id: 'infos',
      label: t('Information'),
      items: [
        item('id_device_subtype', t('Device Sub-Type ID'), 'hidden', { required: true }),
        item('device_subtype_name', t('Device Sub-Type Name'), 'text', { required: true }),
        item('id_device_type', t('Device Type ID'), 'array', { required: true, values: types }),
      ],
    },
  ]);
}
