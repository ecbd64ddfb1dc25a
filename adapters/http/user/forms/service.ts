// The `service` form (OpenTera's TeraServiceForm).
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export function serviceForm({ t }: FormRequest): FormJson {
  const required = { required: true };
  return formJson('service', [
    {
      id: 'infos',
      label: t('Information'),
      items: [
        item('id_service', t('Service ID'), 'hidden', required),
        item('service_uuid', t('Service UUID'), 'label', { options: { readonly: false } }),
        item('service_name', t('Service Name'), 'text', required),
        item('service_key', t('Service Key'), 'text', required),
        item('service_hostname', t('Service Hostname'), 'text', required),
        item('service_port', t('Service Internal Port'), 'numeric', required),
        item('service_endpoint', t('Service Internal URL'), 'text', required),
        item('service_clientendpoint', t('Service External Endpoint'), 'text', required),
        item('service_endpoint_user', t('Service User Endpoint'), 'text'),
        item('service_endpoint_participant', t('Service Participant Endpoint'), 'text'),
        item('service_endpoint_device', t('Service Device Endpoint'), 'text'),
        item('service_system', t('System Service'), 'boolean', required),
        item('service_enabled', t('Service Enabled'), 'boolean', required),
        item('service_has_assets', t('Service Contains Assets'), 'boolean', required),
        item('service_has_tests', t('Service Contains Tests'), 'boolean', required),
        item('service_editable_config', t('Service has editable config'), 'boolean'),
        item('service_default_config', t('Service Default Configuration'), 'longtext'),
      ],
    },
  ]);
}
