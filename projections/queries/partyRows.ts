// The rows behind OpenTera's participant and device JSON (`TeraParticipant.to_json`, `TeraDevice.to_json`),
// shared by the user, participant and device APIs. Each query adds its own filters (role filtering included)
// to these selections; soft-deleted rows are already left out. The static tokens are not here: the rows carry
// their ids, and adapters/http/partyJson.ts signs the tokens when it renders.
import type { AnyDb } from '../types.js';

export interface ParticipantRow {
  id_participant: number;
  id_participant_group: number | null;
  id_project: number;
  participant_uuid: string;
  participant_name: string | null;
  participant_email: string | null;
  participant_username: string | null;
  participant_token_enabled: boolean;
  participant_token_id: string | null;
  participant_login_enabled: boolean;
  participant_enabled: boolean;
  participant_lastonline: Date | string | null;
  participant_project_enabled: boolean;
  /** The project's site (OpenTera adds `id_site` to some replies). */
  id_site: number;
}

/** Participants joined with their (non-deleted) project, as `p` and `pr`. */
export function selectParticipants(db: AnyDb) {
  return db
    .selectFrom('participants as p')
    .innerJoin('projects as pr', 'pr.id_project', 'p.id_project')
    .select([
      'p.id_participant',
      'p.id_participant_group',
      'p.id_project',
      'p.participant_uuid',
      'p.participant_name',
      'p.participant_email',
      'p.participant_username',
      'p.participant_token_enabled',
      'p.participant_token_id',
      'p.participant_login_enabled',
      'p.participant_enabled',
      'p.participant_lastonline',
      'pr.project_enabled as participant_project_enabled',
      'pr.id_site',
    ])
    .where('p.deleted_at', 'is', null)
    .where('pr.deleted_at', 'is', null);
}

export interface DeviceRow {
  id_device: number;
  device_uuid: string;
  device_name: string | null;
  id_device_type: number;
  id_device_subtype: number | null;
  device_token_id: string;
  device_enabled: boolean;
  device_onlineable: boolean;
  device_config: string | null;
  device_infos: string | null;
  device_notes: string | null;
  device_lastonline: Date | string | null;
}

/** Devices, as `d`. */
export function selectDevices(db: AnyDb) {
  return db
    .selectFrom('devices as d')
    .select([
      'd.id_device',
      'd.device_uuid',
      'd.device_name',
      'd.id_device_type',
      'd.id_device_subtype',
      'd.device_token_id',
      'd.device_enabled',
      'd.device_onlineable',
      'd.device_config',
      'd.device_infos',
      'd.device_notes',
      'd.device_lastonline',
    ])
    .where('d.deleted_at', 'is', null);
}
