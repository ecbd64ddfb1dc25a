// An asset (OpenTera's TeraAsset): the metadata of a file recorded in a session: who made it (any of a user,
// participant, device and service, as OpenTera allows several at once), which service stores the data (the
// owner, by uuid), its MIME type and times. The file itself lives with the owner service (the file transfer
// service); this aggregate only describes it. An asset's name may describe a person ("Gait video of ..."): it
// is personal data, encrypted with the asset's key.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';
import type { PersonalDataDeclarations } from './personalData.js';

export interface AssetCreators {
  userId: number | null;
  participantId: number | null;
  deviceId: number | null;
  serviceId: number | null;
}

export interface AssetCreation {
  id: number;
  uuid: string;
  sessionId: number;
  creators: AssetCreators;
  name: string;
  /** The service that stores the data (OpenTera's `asset_service_uuid`). */
  ownerServiceUuid: string;
  /** MIME type. */
  mimeType: string;
  /** ISO 8601 with offset, or null. */
  datetime: string | null;
  expirationDatetime: string | null;
}

export type AssetEvent =
  | { type: 'AssetCreated'; data: AssetCreation & Record<string, unknown> }
  | { type: 'AssetRenamed'; data: { name: string } }
  | { type: 'AssetDeleted'; data: Record<string, never> };

export const assetPersonalData: PersonalDataDeclarations = {
  AssetCreated: [{ field: 'name' }],
  AssetRenamed: [{ field: 'name' }],
};

export type AssetState = { status: 'absent' } | { status: 'active' | 'deleted'; id: number; sessionId: number; name: string };

export const asset: Aggregate<AssetState, AssetEvent> = {
  category: 'asset',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'AssetCreated') return { status: 'active', id: event.data.id, sessionId: event.data.sessionId, name: event.data.name };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'AssetRenamed':
        return { ...state, name: event.data.name };
      case 'AssetDeleted':
        return { ...state, status: 'deleted' };
    }
  },
};

const MIME = /^[\w.+-]+\/[\w.+-]+$/;

function checkedName(name: string): string {
  if (name.trim() === '') throw new DomainError('invalid', 'Missing asset_name');
  return name.trim();
}

function checkedTime(value: string | null, field: string): string | null {
  if (value !== null && Number.isNaN(Date.parse(value))) throw new DomainError('invalid', `Invalid ${field}`);
  return value;
}

/** The caller checks that the session and the owner service exist. */
export function createAsset(state: AssetState, command: AssetCreation): AssetEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Asset already exists');
  if (!MIME.test(command.mimeType)) throw new DomainError('invalid', 'Invalid asset_type');
  const { id, uuid, sessionId, creators, ownerServiceUuid, mimeType } = command;
  const creation: AssetCreation = {
    id,
    uuid,
    sessionId,
    creators: { userId: creators.userId, participantId: creators.participantId, deviceId: creators.deviceId, serviceId: creators.serviceId },
    name: checkedName(command.name),
    ownerServiceUuid,
    mimeType,
    datetime: checkedTime(command.datetime, 'asset_datetime'),
    expirationDatetime: checkedTime(command.expirationDatetime, 'asset_expiration_datetime'),
  };
  return [{ type: 'AssetCreated', data: { ...creation } }];
}

export function renameAsset(state: AssetState, name: string): AssetEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid asset');
  const checked = checkedName(name);
  return checked === state.name ? [] : [{ type: 'AssetRenamed', data: { name: checked } }];
}

/** Deleting what is deleted already changes nothing (a session's deletion and the asset's may cross). */
export function deleteAsset(state: AssetState): AssetEvent[] {
  if (state.status === 'absent') throw new DomainError('not-found', 'Invalid asset');
  return state.status === 'deleted' ? [] : [{ type: 'AssetDeleted', data: {} }];
}
