// Test invitation administration by a user (OpenTera's POST and DELETE /api/user/tests/invitations): every
// posted invitation is checked, in OpenTera's order, before the first is written, so a refused request changes
// nothing. A new invitation names only what the requester may reach (type, project, session, target); an
// existing one must be reachable, and only its count, maximum and expiry change. OpenTera skips an invitation
// its database refuses and still answers 200; here a refusal refuses the request.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { checkedCounts, type InvitationCounts, type InvitationTarget } from '../domain/testInvitation.js';
import { isDeviceVisible } from '../projections/queries/devices.js';
import { participantRef } from '../projections/queries/participantRefs.js';
import { accessibleProjectIds } from '../projections/queries/roleAccess.js';
import { isSessionAccessible } from '../projections/queries/sessions.js';
import { accessibleInvitationUuid } from '../projections/queries/testInvitations.js';
import { isTestTypeAccessible } from '../projections/queries/testTypes.js';
import { isUserVisible } from '../projections/queries/usersAdmin.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import { changeTestInvitationCommand, createTestInvitationCommand, deleteTestInvitationCommand } from './testInvitations.js';

const invalid = (message: string) => new DomainError('invalid', message);
const forbidden = () => new DomainError('forbidden', 'Forbidden');

/** A posted invitation, OpenTera's keys mapped; an absent key is undefined (its presence matters). */
export interface InvitationInput {
  /** 0 creates an invitation. */
  id: number;
  typeId?: number;
  projectId?: number;
  sessionId?: number;
  userId?: number;
  participantId?: number;
  deviceId?: number;
  maxCount?: number;
  count?: number;
  expirationDate?: string;
  message?: string;
  /** Refused on creation: the server draws the key. */
  key?: string;
}

type Checked = { create: InvitationInput & { typeId: number; projectId: number; expirationDate: string; target: InvitationTarget } } | { update: { uuid: string; id: number; changes: Partial<InvitationCounts> } };

async function projectAccessible(context: CommandContext, requester: Requester, projectId: number): Promise<boolean> {
  const db = context.deps.readDb;
  return (await db.selectFrom(accessibleProjectIds(db, requester).as('x')).select('x.id_project').where('x.id_project', '=', projectId).executeTakeFirst()) !== undefined;
}

async function participantAccessible(context: CommandContext, requester: Requester, participantId: number): Promise<boolean> {
  const participant = await participantRef(context.deps.readDb, { id: participantId });
  return participant !== undefined && (await projectAccessible(context, requester, participant.projectId));
}

async function check(context: CommandContext, requester: Requester, input: InvitationInput): Promise<Checked> {
  const db = context.deps.readDb;
  if (input.id !== 0) {
    const uuid = await accessibleInvitationUuid(db, requester, input.id);
    if (!uuid) throw forbidden();
    if (input.count === undefined && input.maxCount === undefined && input.expirationDate === undefined) throw invalid('You can only update test_invitation_count');
    const changes = checkedCounts({
      ...(input.count !== undefined ? { count: input.count } : {}),
      ...(input.maxCount !== undefined ? { maxCount: input.maxCount } : {}),
      ...(input.expirationDate !== undefined ? { expirationDate: input.expirationDate } : {}),
    });
    return { update: { uuid, id: input.id, changes } };
  }
  // OpenTera's order: every named thing must be reachable, then what is missing.
  if (input.userId !== undefined && !(await isUserVisible(db, requester, input.userId))) throw forbidden();
  if (input.participantId !== undefined && !(await participantAccessible(context, requester, input.participantId))) throw forbidden();
  if (input.deviceId !== undefined && !(await isDeviceVisible(db, requester, input.deviceId))) throw forbidden();
  if (input.projectId !== undefined && !(await projectAccessible(context, requester, input.projectId))) throw forbidden();
  if (input.sessionId !== undefined && !(await isSessionAccessible(db, requester, input.sessionId))) throw forbidden();
  if (input.typeId !== undefined && !(await isTestTypeAccessible(db, requester, input.typeId))) throw forbidden();
  if (input.typeId === undefined) throw invalid('Missing id_test_type');
  if (input.projectId === undefined) throw invalid('Missing id_project');
  if (input.expirationDate === undefined) throw invalid('Missing test_invitation_expiration_date');
  if (input.key !== undefined) throw invalid('Do not set test_invitation_key');
  const targets: InvitationTarget[] = [
    ...(input.userId !== undefined ? [{ userId: input.userId }] : []),
    ...(input.participantId !== undefined ? [{ participantId: input.participantId }] : []),
    ...(input.deviceId !== undefined ? [{ deviceId: input.deviceId }] : []),
  ];
  if (targets.length !== 1) throw invalid('You must specify one of id_user, id_participant or id_device');
  // Refused here rather than at the write, so that no invitation of the request is written.
  checkedCounts({ maxCount: input.maxCount ?? 1, expirationDate: input.expirationDate });
  return { create: { ...input, typeId: input.typeId, projectId: input.projectId, expirationDate: input.expirationDate, target: targets[0]! } };
}

/** POST /tests/invitations: the ids of the invitations written, in the order posted. */
export async function saveTestInvitations(context: CommandContext, requester: Requester, inputs: readonly InvitationInput[]): Promise<{ ids: number[]; position: Position | undefined }> {
  const checked: Checked[] = [];
  for (const input of inputs) checked.push(await check(context, requester, input));
  const ids: number[] = [];
  let position: Position | undefined;
  for (const item of checked) {
    if ('update' in item) {
      position = (await changeTestInvitationCommand(context, item.update.uuid, item.update.changes)) ?? position;
      ids.push(item.update.id);
      continue;
    }
    const input = item.create;
    const created = await createTestInvitationCommand(context, {
      typeId: input.typeId,
      projectId: input.projectId,
      sessionId: input.sessionId ?? null,
      target: input.target,
      maxCount: input.maxCount ?? 1,
      expirationDate: input.expirationDate,
      message: input.message ?? null,
    });
    position = created.position ?? position;
    ids.push(created.id);
  }
  return { ids, position };
}

export async function deleteTestInvitationByUser(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const uuid = await accessibleInvitationUuid(context.deps.readDb, requester, id);
  if (!uuid) throw forbidden();
  return deleteTestInvitationCommand(context, uuid);
}
