// The `versions` form (OpenTera's TeraVersionsForm): the server's version fields, then one read-only section
// per known client, named after it.
import { formJson, item, type FormJson, type FormSection } from './document.js';
import type { FormRequest } from './request.js';

export async function versionsForm({ t, serverSettings }: FormRequest): Promise<FormJson> {
  const readonly = { required: true, options: { readonly: true } };
  const { clients } = await serverSettings.versions();
  const clientSections: FormSection[] = Object.values(clients).map((client) => ({
    id: client.client_name,
    label: `${client.client_name} ${t('Versions')}`,
    items: [
      item('client_name', t('Client name'), 'text', readonly),
      item('client_description', t('Client description'), 'longtext', readonly),
      item('client_version', t('Client version'), 'text', readonly),
      item('client_documentation_url', t('Client documentation url'), 'text', readonly),
      item('client_windows_download_url', t('Client windows version'), 'text', readonly),
      item('client_mac_download_url', t('Client mac version'), 'text', readonly),
      item('client_linux_download_url', t('Client linux version'), 'text', readonly),
    ],
  }));
  return formJson('versions', [
    {
      id: 'infos',
      label: t('Information'),
      items: [
        item('version_string', t('OpenTeraServer version string'), 'hidden', readonly),
        item('version_major', t('OpenTeraServer major version number'), 'text', readonly),
        item('version_minor', t('OpenTeraServer minor version number'), 'text', readonly),
        item('version_patch', t('OpenTeraServer patch version number'), 'text', readonly),
      ],
    },
    ...clientSections,
  ]);
}
