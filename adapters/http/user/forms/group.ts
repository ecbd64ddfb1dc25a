// The `group` form (OpenTera's TeraParticipantGroupForm): the projects a participant group may belong to,
// named "<project> [<site>]". Which projects: those of `id_site`; else, for a group the requester may reach
// (`id`), those of the group's site; else every project the requester may reach. Always among the
// requester's projects.
import { projectChoices, siteOfAccessibleGroup } from '../../../../projections/queries/forms.js';
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export async function groupForm({ db, requester, t, id, idSite }: FormRequest): Promise<FormJson> {
  let siteId = idSite;
  if (!siteId && id) siteId = await siteOfAccessibleGroup(db, requester, id);
  const projects = (await projectChoices(db, requester, siteId || undefined)).map((p) => ({ id: p.id, value: `${p.name} [${p.site_name}]` }));
  return formJson('group', [
    {
      id: 'informations',
      label: t('Information'),
      items: [
        item('id_participant_group', t('Participant Group ID'), 'hidden', { required: true }),
        item('participant_group_name', t('Participant Group Name'), 'text', { required: true }),
        item('id_project', t('Project'), 'array', { required: true, values: projects }),
        item('project_name', t('Project Name'), 'hidden'),
      ],
    },
  ]);
}
