// OpenTera's association tables (device-site, service-project, session type-site...): a row per link, kept
// with `deleted_at` when unlinked. A link made again reuses its former row (the command passes the former
// link's id), as OpenTera restores the soft-deleted row.
import type { AnyDb } from '../types.js';

export interface LinkTable {
  table: string;
  /** The link's own id column. */
  id: string;
  /** The column of the entity whose stream records the link. */
  owner: string;
  /** The column of the linked entity. */
  other: string;
}

export async function link(db: AnyDb, t: LinkTable, linkId: number, ownerId: number, otherId: number): Promise<void> {
  await db
    .insertInto(t.table)
    .values({ [t.id]: linkId, [t.owner]: ownerId, [t.other]: otherId, deleted_at: null })
    .onConflict((oc) => oc.column(t.id).doUpdateSet({ [t.owner]: ownerId, [t.other]: otherId, deleted_at: null }))
    .execute();
}

/** Ends the owner's link to `otherId`, or every link of the owner when `otherId` is undefined. */
export async function unlink(db: AnyDb, t: LinkTable, ownerId: number, otherId: number | undefined, at: string): Promise<void> {
  let query = db.updateTable(t.table).set({ deleted_at: at }).where(t.owner, '=', ownerId).where('deleted_at', 'is', null);
  if (otherId !== undefined) query = query.where(t.other, '=', otherId);
  await query.execute();
}
