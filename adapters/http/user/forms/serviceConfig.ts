// The `service_config` form (OpenTera's TeraServiceConfigForm): without a service, the fields of a service
// configuration; with one (`id` or `key`, the key winning), the form of that service's configuration, which
// OpenTera defines for VideoRehabService only (its audio and video settings) and leaves empty for the others.
import { serviceKeyOf } from '../../../../projections/queries/forms.js';
import { endpointError } from '../../errors.js';
import { formJson, item, type FormJson, type FormSection, type Translate } from './document.js';
import type { FormRequest } from './request.js';

function videoRehabSection(t: Translate): FormSection {
  const whenPtz = { item: 'camera_ptz', op: '=', condition: true };
  return {
    id: 'main_audio_video',
    label: t('Multimedia Configuration'),
    items: [
      item('camera', t('Camera'), 'videoinputs'),
      item('mirror', t('Mirrored image'), 'boolean', { default: true }),
      item('blur', t('Blurred background'), 'boolean', { default: false }),
      item('teracam_src', t('URL'), 'text', { required: true, condition: { item: 'camera', op: '=', condition: 'OpenTeraCam' } }),
      item('camera_ptz', t('Pan-Tilt-Zoom Camera'), 'boolean'),
      item('camera_ptz_type', t('Control Type'), 'array', { required: true, values: [{ id: '0', value: t('Vivotek') }], condition: whenPtz }),
      item('camera_ptz_ip', t('Network Address'), 'text', { required: true, condition: whenPtz }),
      item('camera_ptz_port', t('Port'), 'numeric', { required: true, condition: whenPtz }),
      item('camera_ptz_username', t('Username'), 'text', { required: true, condition: whenPtz }),
      item('camera_ptz_password', t('Password'), 'password', { required: true, condition: whenPtz }),
      item('audio', t('Microphone'), 'audioinputs'),
      item('camera2', t('Secondary Camera'), 'videoinputs'),
    ],
  };
}

export async function serviceConfigForm({ ctx, db, t, id, key }: FormRequest): Promise<FormJson> {
  if (!id && !key) {
    return formJson('service_config', [
      {
        id: 'infos',
        label: t('Information'),
        items: [
          item('id_service', t('Service ID'), 'hidden', { required: true }),
          item('id_service_config', t('Service Config ID'), 'hidden', { required: true }),
          item('id_user', t('User ID'), 'hidden'),
          item('id_device', t('Device ID'), 'hidden'),
          item('id_participant', t('Participant ID'), 'hidden'),
          item('service_config_config', t('Service Config'), 'hidden', { required: true }),
        ],
      },
    ]);
  }
  const serviceKey = key ? await serviceKeyOf(db, { key }) : await serviceKeyOf(db, { id: id! });
  if (!serviceKey) throw endpointError(ctx, 400, 'Invalid service specified');
  return formJson('service_config_config', serviceKey === 'VideoRehabService' ? [videoRehabSection(t)] : []);
}
