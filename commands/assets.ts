// Asset commands at the aggregate level: ids, then the decision. Who may run them and the checks of the
// session, creators and owner service belong to the use cases that call them (the file transfer service's API,
// the seeds).
import { streamName } from '../domain/aggregate.js';
import { asset, createAsset, deleteAsset, renameAsset, type AssetCreation } from '../domain/asset.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { handle } from './handle.js';

export const assetStream = (uuid: string) => streamName(asset.category, uuid);

export async function createAssetCommand(context: CommandContext, fields: Omit<AssetCreation, 'id' | 'uuid'> & { id?: number }): Promise<{ id: number; uuid: string; position: Position | undefined }> {
  const id = fields.id ?? (await context.deps.ids.next('asset'));
  const uuid = context.deps.newUuid();
  const result = await handle(context.deps, context.request, asset, assetStream(uuid), (state) => createAsset(state, { ...fields, id, uuid }));
  return { id, uuid, position: result.position };
}

export async function renameAssetCommand(context: CommandContext, uuid: string, name: string): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, asset, assetStream(uuid), (state) => renameAsset(state, name))).position;
}

export async function deleteAssetCommand(context: CommandContext, uuid: string): Promise<Position | undefined> {
  return (await handle(context.deps, context.request, asset, assetStream(uuid), deleteAsset)).position;
}
