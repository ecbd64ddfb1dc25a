// The `site` form (OpenTera's TeraSiteForm).
import { formJson, item, type FormJson } from './document.js';
import type { FormRequest } from './request.js';

export function siteForm({ t, showTwoFactor }: FormRequest): FormJson {
  return formJson('site', [
    {
      id: 'informations',
      label: t('Information'),
      items: [
        item('id_site', t('Site ID'), 'hidden', { required: true }),
        item('site_name', t('Site Name'), 'text', { required: true }),
        ...(showTwoFactor ? [item('site_2fa_required', t('Users Require 2FA'), 'boolean', { default: false })] : []),
        item('site_role', t('Site Role'), 'hidden'),
      ],
    },
  ]);
}
