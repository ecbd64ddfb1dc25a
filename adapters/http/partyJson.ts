// OpenTera's participant and device JSON, full and minimal, from the rows of projections/queries/partyRows.ts.
// The static tokens are signed here, at the edge: only a reply that may carry a token asks for it.
import type { DeviceRow, ParticipantRow } from '../../projections/queries/partyRows.js';
import { isoTime } from '../../projections/queries/usersAdmin.js';
import type { StaticTokens } from '../auth/staticTokens.js';

export interface ParticipantMinimalJson {
  id_participant: number;
  id_participant_group: number | null;
  id_project: number;
  participant_uuid: string;
  participant_name: string | null;
  participant_email: string | null;
  participant_token_enabled: boolean;
  participant_enabled: boolean;
}

export interface ParticipantFullJson extends ParticipantMinimalJson {
  participant_username: string | null;
  participant_token: string | null;
  participant_login_enabled: boolean;
  participant_lastonline: string | null;
  participant_project_enabled: boolean;
}

export function participantMinimalJson(row: ParticipantRow): ParticipantMinimalJson {
  return {
    id_participant: row.id_participant,
    id_participant_group: row.id_participant_group,
    id_project: row.id_project,
    participant_uuid: row.participant_uuid,
    participant_name: row.participant_name,
    participant_email: row.participant_email,
    participant_token_enabled: row.participant_token_enabled,
    participant_enabled: row.participant_enabled,
  };
}

/** The static token is served only while it works: token enabled and participant enabled. */
export async function participantFullJson(row: ParticipantRow, staticTokens: StaticTokens): Promise<ParticipantFullJson> {
  const tokenId = row.participant_token_enabled && row.participant_enabled ? row.participant_token_id : null;
  return {
    ...participantMinimalJson(row),
    participant_username: row.participant_username,
    participant_token: tokenId ? await staticTokens.participant({ id: row.id_participant, uuid: row.participant_uuid, tokenId }) : null,
    participant_login_enabled: row.participant_login_enabled,
    participant_lastonline: isoTime(row.participant_lastonline),
    participant_project_enabled: row.participant_project_enabled,
  };
}

export interface DeviceMinimalJson {
  id_device: number;
  device_uuid: string;
  device_name: string | null;
  id_device_type: number;
  id_device_subtype: number | null;
  device_enabled: boolean;
}

export interface DeviceFullJson extends DeviceMinimalJson {
  device_token: string;
  device_onlineable: boolean;
  device_config: string | null;
  device_infos: string | null;
  device_notes: string | null;
  device_lastonline: string | null;
}

export function deviceMinimalJson(row: DeviceRow): DeviceMinimalJson {
  return {
    id_device: row.id_device,
    device_uuid: row.device_uuid,
    device_name: row.device_name,
    id_device_type: row.id_device_type,
    id_device_subtype: row.id_device_subtype,
    device_enabled: row.device_enabled,
  };
}

export async function deviceFullJson(row: DeviceRow, staticTokens: StaticTokens): Promise<DeviceFullJson> {
  return {
    ...deviceMinimalJson(row),
    device_token: await staticTokens.device({ id: row.id_device, uuid: row.device_uuid, tokenId: row.device_token_id }),
    device_onlineable: row.device_onlineable,
    device_config: row.device_config,
    device_infos: row.device_infos,
    device_notes: row.device_notes,
    device_lastonline: isoTime(row.device_lastonline),
  };
}
