// The `user_group` form (OpenTera's TeraUserGroupForm).
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export function userGroupForm({ t }: FormRequest): FormJson {
  return formJson('user_group', [
    {
      id: 'infos',
      label: t('Information'),
      items: [item('id_user_group', t('User Group ID'), 'hidden', { required: true }), item('user_group_name', t('User Group Name'), 'text', { required: true })],
    },
  ]);
}
