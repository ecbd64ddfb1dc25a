// The `device_type` form (OpenTera's TeraDeviceTypeForm).
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export function deviceTypeForm({ t }: FormRequest): FormJson {
  return formJson('device_type', [
    {
      id: 'infos',
      label: t('Information'),
      items: [
        item('id_device_type', t('Device Type ID'), 'hidden', { required: true }),
        item('device_type_name', t('Device Type Name'), 'text', { required: true }),
        item('device_type_key', t('Device Type Key'), 'text', { required: true }),
      ],
    },
  ]);
}
