// The `participant` form (OpenTera's TeraParticipantForm): the participant groups to choose from. Which
// groups: those of `id_project` when the requester holds a role in it; else, for a participant the requester
// may reach (`id`), those of the participant's project; else every group of the requester's projects.
import { isAccessibleProject, participantGroupChoices, projectOfAccessibleParticipant } from '../../../../projections/queries/forms.js';
import { formJson, item, valuesOf, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export async function participantForm({ db, requester, t, id, idProject }: FormRequest): Promise<FormJson> {
  let projectId: number | undefined;
  if (idProject && (await isAccessibleProject(db, requester, idProject))) projectId = idProject;
  else if (id) projectId = await projectOfAccessibleParticipant(db, requester, id);
  const groups = valuesOf(await participantGroupChoices(db, requester, projectId === undefined ? 'accessible' : { projectId }), (g) => g.id, (g) => g.name);
  const whenLoginEnabled = { item: 'participant_login_enabled', op: '=', condition: true };
  return formJson('participant', [
    {
      id: 'informations',
      label: t('Information'),
      items: [
        item('id_participant', t('Participant ID'), 'hidden', { required: true }),
        // OpenTera's label, typo included: its French entry is keyed on it.
        item('id_project', t('Projet ID'), 'hidden', { required: true }),
        item('participant_uuid', t('Participant UUID'), 'hidden', { required: true }),
        item('participant_name', t('Participant Name'), 'text', { required: true }),
        item('participant_email', t('Participant Email'), 'text'),
        item('id_participant_group', t('Participant Group'), 'array', { values: groups }),
        item('participant_enabled', t('Participant Enabled'), 'boolean', { required: true, default: true }),
        item('participant_token_enabled', t('Participant Token Login Enabled'), 'boolean', { required: true, default: false }),
        item('participant_token', t('Participant Token'), 'label', { options: { readonly: false } }),
        item('participant_login_enabled', t('Participant Login Enabled'), 'boolean', { required: true, default: false }),
        item('participant_username', t('Participant Username'), 'text', { required: true, condition: whenLoginEnabled }),
        item('participant_password', t('Participant Password'), 'password', { options: { confirm: true }, condition: whenLoginEnabled }),
        item('participant_lastonline', t('Last Connection'), 'datetime', { options: { readonly: true } }),
        item('participant_lastsession', t('Last Session'), 'datetime', { options: { readonly: true } }),
      ],
    },
  ]);
}
