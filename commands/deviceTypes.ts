// Device types and their subtypes (one deviceType-<uuid> stream per type). Writes are for superadmins only,
// as OpenTera. The type key is unique: checked against the read model (a concurrent duplicate is possible
// but harmless to the projections; see docs/compat.md).
import type { Requester } from '../domain/access.js';
import { streamName } from '../domain/aggregate.js';
import {
  addDeviceSubtype,
  createDeviceType,
  deleteDeviceType,
  deviceType,
  removeDeviceSubtype,
  renameDeviceSubtype,
  renameDeviceType,
} from '../domain/deviceType.js';
import { DomainError } from '../domain/errors.js';
import { deviceSubtypeInUse, deviceTypeInUse } from '../projections/queries/devices.js';
import { deviceSubtypeRef, deviceTypeRef } from '../projections/queries/deviceTypes.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export interface DeviceTypeWriteResult {
  id: number;
  position: Position | undefined;
}

export interface DeviceTypeCreated extends DeviceTypeWriteResult {
  uuid: string;
}

function requireSuperadmin(requester: Requester | 'system'): void {
  if (requester !== 'system' && !requester.superadmin) throw new DomainError('forbidden', 'Forbidden');
}

async function requireFreeKey(context: CommandContext, key: string, exceptTypeId?: number): Promise<void> {
  const existing = await deviceTypeRef(context.deps.readDb, { key: key.trim() });
  if (existing && existing.id !== exceptTypeId) throw new DomainError('conflict', 'Device type key already exists');
}

/** `id` is given by seeds; otherwise allocated. */
export async function createDeviceTypeCommand(
  context: CommandContext,
  requester: Requester | 'system',
  fields: { name?: string; key?: string },
  id?: number,
): Promise<DeviceTypeCreated> {
  requireSuperadmin(requester);
  if (fields.name === undefined || fields.name.trim() === '') throw new DomainError('invalid', 'Missing device_type_name');
  if (fields.key === undefined || fields.key.trim() === '') throw new DomainError('invalid', 'Missing device_type_key');
  await requireFreeKey(context, fields.key);
  const { deps, request } = context;
  const typeId = id ?? (await deps.ids.next('device_type'));
  const uuid = deps.newUuid();
  const result = await handle(deps, request, deviceType, streamName(deviceType.category, uuid), (state) =>
    createDeviceType(state, { id: typeId, uuid, name: fields.name!, key: fields.key! }),
  );
  return { id: typeId, uuid, position: result.position };
}

/** The key is fixed at creation: sending another one is refused (OpenTera lets it change). */
export async function updateDeviceTypeCommand(context: CommandContext, requester: Requester, id: number, fields: { name?: string; key?: string }): Promise<DeviceTypeWriteResult> {
  requireSuperadmin(requester);
  const ref = await deviceTypeRef(context.deps.readDb, { id });
  if (!ref) throw new DomainError('not-found', 'Invalid device type');
  if (fields.key !== undefined && fields.key.trim() !== ref.key) {
    await requireFreeKey(context, fields.key, id);
    throw new DomainError('invalid', 'device_type_key cannot be changed');
  }
  if (fields.name === undefined) return { id, position: undefined };
  const result = await handle(context.deps, context.request, deviceType, streamName(deviceType.category, ref.uuid), (state) => renameDeviceType(state, fields.name!));
  return { id, position: result.position };
}

export async function deleteDeviceTypeCommand(context: CommandContext, requester: Requester, which: { id: number } | { key: string }): Promise<DeviceTypeWriteResult> {
  requireSuperadmin(requester);
  const ref = await deviceTypeRef(context.deps.readDb, which);
  if (!ref) throw new DomainError('not-found', 'Device type not found');
  // Checked on the read model: a device registered with this type at the same moment may still slip through.
  if (await deviceTypeInUse(context.deps.readDb, ref.id)) {
    throw new DomainError('conflict', "Can't delete device type: please delete all associated devices before deleting.");
  }
  const result = await handle(context.deps, context.request, deviceType, streamName(deviceType.category, ref.uuid), deleteDeviceType);
  return { id: ref.id, position: result.position };
}

export async function addDeviceSubtypeCommand(
  context: CommandContext,
  requester: Requester | 'system',
  typeId: number | undefined,
  name: string | undefined,
): Promise<DeviceTypeWriteResult> {
  requireSuperadmin(requester);
  if (name === undefined || name.trim() === '') throw new DomainError('invalid', 'Missing device_subtype_name');
  if (typeId === undefined) throw new DomainError('invalid', 'Missing id_device_type');
  const ref = await deviceTypeRef(context.deps.readDb, { id: typeId });
  if (!ref) throw new DomainError('not-found', 'Invalid device type');
  return seedDeviceSubtype(context, ref.uuid, name, await context.deps.ids.next('device_subtype'));
}

/** Adds a subtype to the type of that stream, without checks: for seeds, whose read model may lag. */
export async function seedDeviceSubtype(context: CommandContext, typeUuid: string, name: string, id: number): Promise<DeviceTypeWriteResult> {
  const result = await handle(context.deps, context.request, deviceType, streamName(deviceType.category, typeUuid), (state) => addDeviceSubtype(state, { subtypeId: id, name }));
  return { id, position: result.position };
}

/** A subtype never changes type: `id_device_type` is ignored on update, as OpenTera. */
export async function renameDeviceSubtypeCommand(context: CommandContext, requester: Requester, subtypeId: number, name: string | undefined): Promise<DeviceTypeWriteResult> {
  requireSuperadmin(requester);
  const ref = await deviceSubtypeRef(context.deps.readDb, subtypeId);
  if (!ref) throw new DomainError('not-found', 'Invalid device subtype');
  if (name === undefined) return { id: subtypeId, position: undefined };
  const result = await handle(context.deps, context.request, deviceType, streamName(deviceType.category, ref.typeUuid), (state) => renameDeviceSubtype(state, subtypeId, name));
  return { id: subtypeId, position: result.position };
}

export async function removeDeviceSubtypeCommand(context: CommandContext, requester: Requester, subtypeId: number): Promise<DeviceTypeWriteResult> {
  requireSuperadmin(requester);
  const ref = await deviceSubtypeRef(context.deps.readDb, subtypeId);
  if (!ref) throw new DomainError('not-found', 'Device subtype not found');
  if (await deviceSubtypeInUse(context.deps.readDb, subtypeId)) {
    throw new DomainError('conflict', "Can't delete device subtype: please delete all devices of that subtype before deleting.");
  }
  const result = await handle(context.deps, context.request, deviceType, streamName(deviceType.category, ref.typeUuid), (state) => removeDeviceSubtype(state, subtypeId));
  return { id: subtypeId, position: result.position };
}
