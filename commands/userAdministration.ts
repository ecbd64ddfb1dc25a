// User administration use cases of the user API (OpenTera api-user-2.md sections 25-27): who may create,
// update and delete users, manage their group memberships and their preferences, decided by
// domain/userPolicy.ts over facts from the read models; the aggregate-level work is commands/users.ts.
// Every check runs before the first append, so a refused request changes nothing.
import type { Requester } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import { userDeleteRefusal } from '../domain/sessionPolicy.js';
import { managesGroup, maySetSuperadmin, mayCreateUser, mayUpdateUser, membershipChanges, membershipRefusal, userDeletion, type AdminScope, type GroupGrantFacts } from '../domain/userPolicy.js';
import {
  adminScopeOf,
  groupGrantsOf,
  isUserVisible,
  membershipById,
  userFactsById,
  usernameTaken,
} from '../projections/queries/usersAdmin.js';
import { sessionTiesOf } from '../projections/queries/sessions.js';
import type { CommandContext } from './context.js';
import type { Position } from './eventStore.js';
import {
  addUserToGroupCommand,
  checkPasswordStrength,
  createUserCommand,
  deleteUserCommand,
  removeUserFromGroupCommand,
  saveUserPreferenceCommand,
  updateUserCommand,
  type UserChanges,
} from './users.js';

/** The user fields a POST may carry, in domain terms; absent fields are left alone (update) or missing (create). */
export interface UserFields {
  username?: string;
  email?: string | null;
  firstname?: string;
  lastname?: string;
  /** `""` (or null) on update: unchanged. */
  password?: string | null;
  enabled?: boolean;
  /** A text; a JSON object sent by the client is serialised by the caller, as OpenTera does. */
  profile?: string;
  notes?: string | null;
  superadmin?: boolean;
  twoFactorEnabled?: boolean;
  forcePasswordChange?: boolean;
}

export interface SaveUserRequest {
  /** 0 creates. */
  id: number;
  fields: UserFields;
  /** OpenTera's `user_user_groups`: the groups of a new user; on update, the groups the requester manages that the user must be in. */
  groups?: number[];
}

export interface UserWriteResult {
  id: number;
  /** Position of the last appended event, for read-your-writes; undefined when nothing changed. */
  position: Position | undefined;
}

/** OpenTera's required columns of t_users (not null, no default), in its (alphabetical) order. */
const REQUIRED_ON_CREATE: [keyof UserFields, string][] = [
  ['enabled', 'user_enabled'],
  ['firstname', 'user_firstname'],
  ['lastname', 'user_lastname'],
  ['password', 'user_password'],
  ['profile', 'user_profile'],
  ['username', 'user_username'],
];

function tracker() {
  let last: Position | undefined;
  return {
    track(position: Position | undefined) {
      if (position !== undefined) last = position;
    },
    get last() {
      return last;
    },
  };
}

/** A reusable "does the requester manage this group" over facts loaded once per request. */
async function groupManager(context: CommandContext, requester: Requester, scope: AdminScope, groupIds: readonly number[]) {
  const grants: Map<number, GroupGrantFacts> = await groupGrantsOf(context.deps.readDb, groupIds);
  return (groupId: number) => managesGroup(requester, grants.get(groupId), scope);
}

/** POST /api/user/users: create (id 0) or update a user, and its memberships when `groups` is given. */
export async function saveUser(context: CommandContext, requester: Requester, request: SaveUserRequest): Promise<UserWriteResult> {
  const db = context.deps.readDb;
  const scope = await adminScopeOf(db, requester);
  const target = request.id > 0 ? await userFactsById(db, request.id) : undefined;
  const manages = await groupManager(context, requester, scope, [...(request.groups ?? []), ...(target?.groupIds ?? [])]);

  // OpenTera's order of checks: the listed groups, then the right to update or create.
  if (request.groups && !request.groups.every(manages)) throw new DomainError('forbidden', 'No access for at a least one user group in the list');
  if (request.id > 0) {
    if (!target) {
      // Only a superadmin learns that the user does not exist (OpenTera: 400 with an empty body, for anyone).
      if (requester.superadmin) throw new DomainError('invalid', 'Invalid user');
      throw new DomainError('forbidden', 'Forbidden');
    }
    if (!mayUpdateUser(requester, target, scope)) throw new DomainError('forbidden', 'Forbidden');
  } else if (!mayCreateUser(requester, request.groups)) {
    throw new DomainError('forbidden', 'Forbidden');
  }

  const { superadmin, ...fields } = request.fields;
  const changes = maySetSuperadmin(requester) && superadmin !== undefined ? { ...fields, superadmin } : fields;
  return target ? updateExisting(context, { uuid: target.uuid, id: target.id, superadmin: target.superadmin, groupIds: target.groupIds }, changes, request.groups, manages) : createNew(context, changes, request.groups);
}

async function updateExisting(
  context: CommandContext,
  target: { id: number; uuid: string; superadmin: boolean; groupIds: readonly number[] },
  fields: UserFields,
  groups: number[] | undefined,
  manages: (groupId: number) => boolean,
): Promise<UserWriteResult> {
  const { username, password, ...rest } = fields;
  if (username !== undefined) throw new DomainError('invalid', "Username can't be modified");
  const changes: UserChanges = { ...rest };
  if (password !== undefined && password !== null && password !== '') {
    checkPasswordStrength(password);
    changes.password = password;
  }
  const positions = tracker();
  positions.track(await updateUserCommand(context, target.uuid, changes));
  // A superadmin is never in a group (OpenTera skips the list for one).
  if (groups && !(fields.superadmin ?? target.superadmin)) {
    const { add, remove } = membershipChanges(target.groupIds, groups, manages);
    for (const groupId of add) positions.track(await addUserToGroupCommand(context, target.uuid, groupId));
    for (const groupId of remove) positions.track(await removeUserFromGroupCommand(context, target.uuid, groupId));
  }
  return { id: target.id, position: positions.last };
}

async function createNew(context: CommandContext, fields: UserFields, groups: number[] | undefined): Promise<UserWriteResult> {
  const missing = REQUIRED_ON_CREATE.filter(([field]) => fields[field] === undefined).map(([, column]) => `'${column}'`);
  if (missing.length > 0) throw new DomainError('invalid', `Missing required fields: [${missing.join(', ')}]`);
  const { username, password, firstname, lastname, enabled, profile } = fields as Required<UserFields>;
  if (password === null || password === '') throw new DomainError('invalid', 'Invalid password');
  // Checked before the reservation, which would otherwise keep an unusable name.
  if (username.trim() === '') throw new DomainError('invalid', 'Missing user_username');
  if (await usernameTaken(context.deps.readDb, username)) throw new DomainError('conflict', 'Username unavailable.');
  checkPasswordStrength(password);

  const positions = tracker();
  const created = await createUserCommand(context, {
    username,
    password,
    firstname,
    lastname,
    enabled,
    profile,
    email: fields.email ?? null,
    notes: fields.notes ?? null,
    superadmin: fields.superadmin ?? false,
    forcePasswordChange: fields.forcePasswordChange ?? false,
  });
  positions.track(created.position);
  if (fields.twoFactorEnabled) positions.track(await updateUserCommand(context, created.uuid, { twoFactorEnabled: true }));
  if (groups && !fields.superadmin) for (const groupId of new Set(groups)) positions.track(await addUserToGroupCommand(context, created.uuid, groupId));
  return { id: created.id, position: positions.last };
}

/**
 * DELETE /api/user/users. A superadmin deletes the user; a site admin deletes a user all of whose groups it
 * manages, or else only removes the user from the groups it manages (domain/userPolicy.ts userDeletion).
 */
export async function deleteUserAsAdministrator(context: CommandContext, requester: Requester, id: number): Promise<Position | undefined> {
  const db = context.deps.readDb;
  if (id === requester.id) throw new DomainError('forbidden', "Sorry, you can't delete yourself!");
  const target = await userFactsById(db, id);
  if (!target) {
    // OpenTera answers 400 "Invalid id" to anyone; only a superadmin learns that the id is unknown here.
    if (requester.superadmin) throw new DomainError('invalid', 'Invalid id');
    throw new DomainError('forbidden', 'Forbidden');
  }
  const scope = await adminScopeOf(db, requester);
  const manages = await groupManager(context, requester, scope, target.groupIds);
  const decision = userDeletion(requester, target, scope, manages);
  switch (decision.kind) {
    case 'refused':
      throw new DomainError('forbidden', decision.reason === 'self' ? "Sorry, you can't delete yourself!" : 'Forbidden');
    case 'full': {
      // Integrity: OpenTera refuses (500) to delete a user who is in a session, created a session, an asset or
      // a test; 409 here, with its reasons.
      const refusal = userDeleteRefusal((await sessionTiesOf(db, 'user', [target.id])).get(target.id)!);
      if (refusal) throw new DomainError('conflict', refusal);
      return deleteUserCommand(context, target.uuid);
    }
    case 'memberships': {
      const positions = tracker();
      for (const groupId of decision.groupIds) positions.track(await removeUserFromGroupCommand(context, target.uuid, groupId));
      return positions.last;
    }
  }
}

export interface MembershipRequest {
  userId: number;
  groupId: number;
}

async function checkMembership(context: CommandContext, requester: Requester, scope: AdminScope, userId: number, groupId: number, messages: { user: string; group: string }) {
  const db = context.deps.readDb;
  const user = await userFactsById(db, userId);
  const administered = user !== undefined && (await isUserVisible(db, requester, userId, { adminOnly: true }));
  const manages = await groupManager(context, requester, scope, [groupId]);
  const refusal = membershipRefusal({ administered, superadmin: user?.superadmin ?? false }, manages(groupId));
  if (refusal === 'user') throw new DomainError('forbidden', messages.user);
  if (refusal === 'group') throw new DomainError('forbidden', messages.group);
  if (refusal === 'superadmin') throw new DomainError('invalid', "Super admins can't be associated to an user group");
  return user!;
}

/** POST /api/user/users/usergroups: every pair is checked, then each user joins its group (a member already is left as is). */
export async function addMemberships(context: CommandContext, requester: Requester, items: readonly MembershipRequest[]): Promise<Position | undefined> {
  const scope = await adminScopeOf(context.deps.readDb, requester);
  const users = [];
  for (const item of items) {
    users.push(await checkMembership(context, requester, scope, item.userId, item.groupId, { user: 'No access to specified user', group: 'No access to specified user group' }));
  }
  const positions = tracker();
  for (const [index, item] of items.entries()) positions.track(await addUserToGroupCommand(context, users[index]!.uuid, item.groupId));
  return positions.last;
}

/** DELETE /api/user/users/usergroups: removes one membership, by its id. */
export async function removeMembership(context: CommandContext, requester: Requester, membershipId: number): Promise<Position | undefined> {
  const membership = await membershipById(context.deps.readDb, membershipId);
  if (!membership) throw new DomainError('invalid', "Can't delete specified relationship");
  const scope = await adminScopeOf(context.deps.readDb, requester);
  await checkMembership(context, requester, scope, membership.userId, membership.groupId, { user: "No access to relationship's user", group: "No access to relationship's user group" });
  return removeUserFromGroupCommand(context, membership.userUuid, membership.groupId);
}

export interface PreferenceRequest {
  /** Defaults to the requester. */
  userId?: number;
  appTag: string;
  /** A JSON text, a JSON object, or null / "" to delete. */
  preference: unknown;
}

/** POST /api/user/users/preferences: save (or, when empty, delete) the preference of a user the requester administers. */
export async function saveUserPreference(context: CommandContext, requester: Requester, request: PreferenceRequest): Promise<{ userId: number; position: Position | undefined }> {
  const db = context.deps.readDb;
  const userId = request.userId ?? requester.id;
  if (request.appTag.trim() === '') throw new DomainError('invalid', 'Missing app tag');
  const user = await userFactsById(db, userId);
  if (!user || !(await isUserVisible(db, requester, userId, { adminOnly: true }))) throw new DomainError('forbidden', 'Forbidden');
  const preference = preferenceText(request.preference);
  return { userId, position: await saveUserPreferenceCommand(context, user.uuid, request.appTag, preference) };
}

// ---------------------------------------------------------------------------- JSON as Python writes it

/** A preference as OpenTera stores it: a JSON text (an object is serialised); null or "" deletes. */
export function preferenceText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') {
    const error = pythonJsonError(value);
    if (error) throw new DomainError('invalid', error);
    return value;
  }
  if (typeof value === 'object' && !Array.isArray(value)) return pythonJsonDumps(value);
  throw new DomainError('invalid', 'Invalid preference: a JSON object or a JSON text');
}

/** Python's `json.dumps` with its defaults (`, ` and `: ` separators, non-ASCII escaped), which OpenTera uses for dict profiles and preferences. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
  return 'null';
}

function pythonString(text: string): string {
  const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = text.charCodeAt(i);
    out += escapes[c] ?? (code < 0x20 || code > 0x7e ? `\\u${code.toString(16).padStart(4, '0')}` : c);
  }
  return `${out}"`;
}

class Failure extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/**
 * The error Python's `json.loads` raises for a text, with its words and position
 * (`Expecting value: line 1 column 1 (char 0)`), or undefined when the text parses. OpenTera answers it as
 * the 400 body of a preference that is not JSON.
 */
export function pythonJsonError(text: string): string | undefined {
  const s = Array.from(text); // Python counts code points
  const n = s.length;
  const ws = (i: number) => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
    return i;
  };
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const word = (i: number, w: string) => s.slice(i, i + w.length).join('') === w;
  const string = (i: number): number => {
    // i: just after the opening quote
    const begin = i - 1;
    for (;;) {
      if (i >= n) throw new Failure('Unterminated string starting at', begin);
      const c = s[i]!;
      if (c === '"') return i + 1;
      if (c === '\\') {
        if (i + 1 >= n) throw new Failure('Unterminated string starting at', begin);
        const e = s[i + 1]!;
        if (e === 'u') {
          const hex = s.slice(i + 2, i + 6);
          if (i + 6 >= n || hex.length < 4 || !hex.every((h) => /[0-9a-fA-F]/.test(h))) throw new Failure('Invalid \\uXXXX escape', i + 1);
          i += 6;
        } else if ('"\\/bfnrt'.includes(e)) i += 2;
        else throw new Failure('Invalid \\escape', i);
        continue;
      }
      if (c.codePointAt(0)! <= 0x1f) throw new Failure('Invalid control character at', i);
      i++;
    }
  };
  const number = (i: number): number => {
    const start = i;
    if (s[i] === '-') i++;
    if (s[i] === '0') i++;
    else if (s[i] !== undefined && s[i]! >= '1' && s[i]! <= '9') while (isDigit(s[i])) i++;
    else throw new Failure('Expecting value', start);
    if (s[i] === '.' && isDigit(s[i + 1])) {
      i += 2;
      while (isDigit(s[i])) i++;
    }
    if (s[i] === 'e' || s[i] === 'E') {
      let j = i + 1;
      if (s[j] === '-' || s[j] === '+') j++;
      if (isDigit(s[j])) {
        while (isDigit(s[j])) j++;
        i = j;
      }
    }
    return i;
  };
  const value = (i: number): number => {
    if (i >= n) throw new Failure('Expecting value', i);
    const c = s[i]!;
    if (c === '"') return string(i + 1);
    if (c === '{') {
      i = ws(i + 1);
      if (s[i] === '}') return i + 1;
      for (;;) {
        if (s[i] !== '"') throw new Failure('Expecting property name enclosed in double quotes', i);
        i = ws(string(i + 1));
        if (s[i] !== ':') throw new Failure("Expecting ':' delimiter", i);
        i = ws(value(ws(i + 1)));
        if (s[i] === '}') return i + 1;
        if (s[i] !== ',') throw new Failure("Expecting ',' delimiter", i);
        i = ws(i + 1);
      }
    }
    if (c === '[') {
      i = ws(i + 1);
      if (s[i] === ']') return i + 1;
      for (;;) {
        i = ws(value(i));
        if (s[i] === ']') return i + 1;
        if (s[i] !== ',') throw new Failure("Expecting ',' delimiter", i);
        i = ws(i + 1);
      }
    }
    for (const constant of ['null', 'true', 'false', 'NaN', 'Infinity', '-Infinity']) if (word(i, constant)) return i + constant.length;
    return number(i);
  };
  try {
    const end = ws(value(ws(0)));
    if (end !== n) throw new Failure('Extra data', end);
    return undefined;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    const before = s.slice(0, error.at);
    const line = before.filter((c) => c === '\n').length + 1;
    const column = error.at - before.lastIndexOf('\n');
    return `${error.message}: line ${line} column ${column} (char ${error.at})`;
  }
}
