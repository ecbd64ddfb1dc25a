// A device type (OpenTera's TeraDeviceType) and its subtypes (TeraDeviceSubType), as one aggregate per type:
// a subtype never lives without its type, and deleting the type deletes its subtypes with it.
//
// OpenTera hard-deletes types and subtypes (no soft delete, no DB events) and refuses while devices use them
// (domain.md 1.4). This aggregate does not know the devices: the caller checks that no device uses the type
// (or the subtype) before it deletes one. The caller also reserves the unique `key` and allocates the ids.
// Moving a subtype to another type is not supported: remove it and add it to the other type.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

export type DeviceTypeEvent =
  | { type: 'DeviceTypeCreated'; data: { id: number; uuid: string; name: string; key: string } }
  | { type: 'DeviceTypeRenamed'; data: { name: string } }
  | { type: 'DeviceSubtypeAdded'; data: { subtypeId: number; name: string } }
  | { type: 'DeviceSubtypeRenamed'; data: { subtypeId: number; name: string } }
  | { type: 'DeviceSubtypeRemoved'; data: { subtypeId: number } }
  /** Its subtypes go with it. */
  | { type: 'DeviceTypeDeleted'; data: Record<string, never> };

export interface DeviceSubtype {
  id: number;
  name: string;
}

export interface KnownDeviceType {
  status: 'active' | 'deleted';
  id: number;
  name: string;
  key: string;
  /** In the order they were added. */
  subtypes: DeviceSubtype[];
}

export type DeviceTypeState = { status: 'absent' } | KnownDeviceType;

export const deviceType: Aggregate<DeviceTypeState, DeviceTypeEvent> = {
  category: 'deviceType',
  initial: { status: 'absent' },
  evolve(state, event) {
    if (event.type === 'DeviceTypeCreated') {
      const { id, name, key } = event.data;
      return { status: 'active', id, name, key, subtypes: [] };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'DeviceTypeRenamed':
        return { ...state, name: event.data.name };
      case 'DeviceSubtypeAdded':
        return { ...state, subtypes: [...state.subtypes, { id: event.data.subtypeId, name: event.data.name }] };
      case 'DeviceSubtypeRenamed': {
        const { subtypeId, name } = event.data;
        return { ...state, subtypes: state.subtypes.map((s) => (s.id === subtypeId ? { id: s.id, name } : s)) };
      }
      case 'DeviceSubtypeRemoved':
        return { ...state, subtypes: state.subtypes.filter((s) => s.id !== event.data.subtypeId) };
      case 'DeviceTypeDeleted':
        return { ...state, status: 'deleted', subtypes: [] };
    }
  },
};

function active(state: DeviceTypeState): KnownDeviceType {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid device type');
  return state;
}

function requiredName(name: string, field: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new DomainError('invalid', `Missing ${field}`);
  return trimmed;
}

export type CreateDeviceType = Extract<DeviceTypeEvent, { type: 'DeviceTypeCreated' }>['data'];

/** The caller has reserved the key (unique among types). */
export function createDeviceType(state: DeviceTypeState, command: CreateDeviceType): DeviceTypeEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Device type already exists');
  const name = requiredName(command.name, 'device_type_name');
  const key = requiredName(command.key, 'device_type_key');
  return [{ type: 'DeviceTypeCreated', data: { id: command.id, uuid: command.uuid, name, key } }];
}

/** Emits only what changes. The key is fixed at creation. */
export function renameDeviceType(state: DeviceTypeState, name: string): DeviceTypeEvent[] {
  const current = active(state);
  const trimmed = requiredName(name, 'device_type_name');
  return trimmed === current.name ? [] : [{ type: 'DeviceTypeRenamed', data: { name: trimmed } }];
}

/** Adding the same subtype (same id and name) again emits nothing; the id with another name conflicts. */
export function addDeviceSubtype(state: DeviceTypeState, command: { subtypeId: number; name: string }): DeviceTypeEvent[] {
  const current = active(state);
  const name = requiredName(command.name, 'device_subtype_name');
  const existing = current.subtypes.find((s) => s.id === command.subtypeId);
  if (existing !== undefined) {
    if (existing.name === name) return [];
    throw new DomainError('conflict', 'Device subtype already exists');
  }
  return [{ type: 'DeviceSubtypeAdded', data: { subtypeId: command.subtypeId, name } }];
}

function subtypeOf(current: KnownDeviceType, subtypeId: number): DeviceSubtype {
  const subtype = current.subtypes.find((s) => s.id === subtypeId);
  if (subtype === undefined) throw new DomainError('not-found', 'Invalid device subtype');
  return subtype;
}

export function renameDeviceSubtype(state: DeviceTypeState, subtypeId: number, name: string): DeviceTypeEvent[] {
  const subtype = subtypeOf(active(state), subtypeId);
  const trimmed = requiredName(name, 'device_subtype_name');
  return trimmed === subtype.name ? [] : [{ type: 'DeviceSubtypeRenamed', data: { subtypeId, name: trimmed } }];
}

/** The caller checks first that no device uses the subtype. */
export function removeDeviceSubtype(state: DeviceTypeState, subtypeId: number): DeviceTypeEvent[] {
  subtypeOf(active(state), subtypeId);
  return [{ type: 'DeviceSubtypeRemoved', data: { subtypeId } }];
}

/** The caller checks first that no device uses the type or one of its subtypes. */
export function deleteDeviceType(state: DeviceTypeState): DeviceTypeEvent[] {
  active(state);
  return [{ type: 'DeviceTypeDeleted', data: {} }];
}
