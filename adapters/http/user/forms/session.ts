// The `session` form (OpenTera's TeraSessionForm). Its context is a session the requester may reach (`id`),
// else a project the requester holds a role in (`id_project`): with a project (the session's associated
// one), the lists are that project's session types, users (site admins and superadmins included), devices,
// participants and services; without, everything of each the requester may reach. A session's own type is
// always offered, even when no longer linked to the project. The requester may always be named creator,
// and a superadmin may name any superadmin.
import { SESSION_STATUS } from '../../../../domain/session.js';
import {
  accessibleSessionContext,
  isAccessibleProject,
  serviceChoices,
  sessionDeviceChoices,
  sessionParticipantChoices,
  sessionTypeById,
  sessionTypeChoices,
  sessionUserChoices,
} from '../../../../projections/queries/forms.js';
import { fullName } from '../../../../projections/queries/users.js';
import { formJson, item, valuesOf, type FormItem, type FormJson, type Translate } from './document.js';
import type { FormRequest } from './request.js';

/** The statuses in OpenTera's enum order; "In progess" is its msgid, typo included. */
function statusValues(t: Translate) {
  const names: Record<number, string> = {
    [SESSION_STATUS.notStarted]: 'Planned',
    [SESSION_STATUS.inProgress]: 'In progess',
    [SESSION_STATUS.completed]: 'Completed',
    [SESSION_STATUS.cancelled]: 'Cancelled',
    [SESSION_STATUS.terminated]: 'Interrupted',
  };
  return Object.values(SESSION_STATUS).map((id) => ({ id, value: t(names[id] ?? 'Unknown') }));
}

/** A creator pair: the hidden name, and the read-only choice shown when the name is set. */
function creator(kind: string, hiddenLabel: string, label: string, values: FormItem['values']): FormItem[] {
  const hidden = `session_creator_${kind}`;
  return [
    item(hidden, hiddenLabel, 'hidden'),
    item(`id_creator_${kind}`, label, 'array', { required: true, values, options: { readonly: true }, condition: { item: hidden, op: 'NOT NULL', condition: null } }),
  ];
}

export async function sessionForm({ db, requester, t, id, idProject }: FormRequest): Promise<FormJson> {
  const session = id ? await accessibleSessionContext(db, requester, id) : undefined;
  // Unlike OpenTera, the session's project is the context only when the requester holds a role in it (a
  // session it created or joined may be another project's): otherwise its users and devices would show.
  const candidate = session ? session.projectId : idProject;
  const projectId = candidate && (await isAccessibleProject(db, requester, candidate)) ? candidate : undefined;

  const types = await sessionTypeChoices(db, requester, projectId);
  if (session && !types.some((type) => type.id === session.typeId)) {
    const own = await sessionTypeById(db, session.typeId);
    if (own) types.push(own);
  }
  const [users, devices, participants, services] = await Promise.all([
    sessionUserChoices(db, requester, projectId),
    sessionDeviceChoices(db, requester, projectId),
    sessionParticipantChoices(db, requester, projectId),
    serviceChoices(db, requester, projectId),
  ]);
  const userValues = users.map((u) => ({ id: u.id, value: fullName({ user_firstname: u.firstname, user_lastname: u.lastname }) }));

  return formJson('session', [
    {
      id: 'informations',
      label: t('Information'),
      items: [
        item('id_session', t('Session ID'), 'hidden', { required: true }),
        item('session_uuid', t('Session UUID'), 'hidden', { required: true }),
        item('session_name', t('Session Name'), 'text', { required: true }),
        item('id_session_type', t('Session Type'), 'array', { required: true, values: valuesOf(types, (s) => s.id, (s) => s.name) }),
        ...creator('user', t('Session User Creator'), t('Session User Creator'), userValues),
        ...creator('device', t('Session Creator Device'), t('Session Creator Device ID'), valuesOf(devices, (d) => d.id, (d) => d.name)),
        ...creator('participant', t('Session Creator Participant'), t('Session Creator Participant'), valuesOf(participants, (p) => p.id, (p) => p.name)),
        ...creator('service', t('Session Creator Service'), t('Session Creator Service'), valuesOf(services, (s) => s.id, (s) => s.name)),
        item('session_start_datetime', t('Start Date'), 'datetime', { required: true }),
        item('session_duration', t('Duration'), 'duration', { required: true, options: { default: 0, readonly: true } }),
        item('session_status', t('State'), 'array', { required: true, values: statusValues(t) }),
        item('session_parameters', t('Parameters'), 'json'),
        item('session_comments', t('Comments'), 'longtext'),
        item('session_has_device_data', t('Session Has Device Data'), 'hidden'),
      ],
    },
  ]);
}
