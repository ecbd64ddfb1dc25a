// The `project` form (OpenTera's TeraProjectForm): the sites the requester may reach to choose from.
import { siteChoices } from '../../../../projections/queries/forms.js';
import { formJson, item, valuesOf, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export async function projectForm({ db, requester, t }: FormRequest): Promise<FormJson> {
  const sites = valuesOf(await siteChoices(db, requester), (s) => s.id, (s) => s.name);
  return formJson('project', [
    {
      id: 'informations',
      label: t('Information'),
      items: [
        item('id_project', t('Project ID'), 'hidden', { required: true }),
        item('project_name', t('Project Name'), 'text', { required: true }),
        item('project_enabled', t('Enabled'), 'boolean', { required: true, default: true }),
        item('id_site', t('Site'), 'array', { required: true, values: sites }),
        item('project_role', t('Role'), 'hidden'),
        item('site_name', t('Site Name'), 'hidden'),
      ],
    },
    { id: 'description', label: t('Description'), items: [item('project_description', t('Description'), 'longtext')] },
  ]);
}
