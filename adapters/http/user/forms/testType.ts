// The `test_type` form (OpenTera's TeraTestTypeForm): the services the requester may reach to own the test
// type. Its section's label is empty, as OpenTera's.
import { serviceChoices } from '../../../../projections/queries/forms.js';
import { formJson, item, valuesOf, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export async function testTypeForm({ db, requester, t }: FormRequest): Promise<FormJson> {
  const services = valuesOf(await serviceChoices(db, requester), (s) => s.id, (s) => s.name);
  return formJson('test_type', [
    {
      id: 'informations',
      label: '',
      items: [
        item('id_test_type', t('Test Type ID'), 'hidden', { required: true }),
        item('test_type_name', t('Name'), 'text', { required: true }),
        item('id_service', t('Service'), 'array', { required: true, values: services }),
        item('test_type_uuid', t('UUID'), 'hidden', { required: true }),
        item('test_type_key', t('Unique Key'), 'text'),
        item('test_type_has_json_format', t('Expose JSON structure'), 'boolean'),
        item('test_type_has_web_format', t('Expose Web interface'), 'boolean'),
        item('test_type_has_web_editor', t('Expose Web editor'), 'boolean'),
        item('test_type_description', t('Description'), 'longtext'),
      ],
    },
  ]);
}
