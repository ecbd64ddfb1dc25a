// The `user` form (OpenTera's TeraUserForm).
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export function userForm({ t, showTwoFactor }: FormRequest): FormJson {
  return formJson('user', [
    {
      id: 'informations',
      label: t('Information'),
      items: [
        item('id_user', t('User ID'), 'hidden', { required: true }),
        item('user_uuid', t('User UUID'), 'hidden'),
        item('user_name', t('User Full Name'), 'hidden'),
        item('user_username', t('Username'), 'text', { required: true }),
        item('user_enabled', t('User Enabled'), 'boolean', { required: true, default: true }),
        ...(showTwoFactor
          ? [
              item('user_force_password_change', t('Force password change'), 'boolean', { default: false }),
              item('user_2fa_enabled', t('2FA Enabled'), 'boolean', { default: false }),
            ]
          : []),
        item('user_firstname', t('First Name'), 'text', { required: true }),
        item('user_lastname', t('Last Name'), 'text', { required: true }),
        item('user_email', t('Email'), 'text'),
        item('user_password', t('Password'), 'password', { options: { confirm: true } }),
        item('user_superadmin', t('User Is Super Administrator'), 'boolean', { required: true }),
        item('user_lastonline', t('Last Connection'), 'datetime', { options: { readonly: true } }),
        item('user_notes', t('Notes'), 'longtext'),
        item('user_profile', t('Profile'), 'hidden'),
      ],
    },
  ]);
}
