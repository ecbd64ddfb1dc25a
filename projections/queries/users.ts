import type { AnyDb } from '../types.js';
import { isUuid } from '../uuid.js';

export interface UserCredentials {
  id_user: number;
  user_uuid: string;
  user_firstname: string | null;
  user_lastname: string | null;
  user_password: string | null;
  user_enabled: boolean;
  user_superadmin: boolean;
  user_2fa_enabled: boolean;
  user_2fa_otp_enabled: boolean;
  user_force_password_change: boolean;
}

const columns = [
  'id_user',
  'user_uuid',
  'user_firstname',
  'user_lastname',
  'user_password',
  'user_enabled',
  'user_superadmin',
  'user_2fa_enabled',
  'user_2fa_otp_enabled',
  'user_force_password_change',
] as const;

/** Usernames are matched case-insensitively, as their reservations are. */
export async function userByUsername(db: AnyDb, username: string): Promise<UserCredentials | undefined> {
  return (await db
    .selectFrom('users')
    .select(columns)
    .where((eb) => eb(eb.fn('lower', ['user_username']), '=', username.toLowerCase()))
    .where('deleted_at', 'is', null)
    .executeTakeFirst());
}

export async function userByUuid(db: AnyDb, uuid: string): Promise<UserCredentials | undefined> {
  if (!isUuid(uuid)) return undefined;
  return (await db.selectFrom('users').select(columns).where('user_uuid', '=', uuid).where('deleted_at', 'is', null).executeTakeFirst());
}

export function fullName(user: Pick<UserCredentials, 'user_firstname' | 'user_lastname'>): string {
  return `${user.user_firstname ?? ''} ${user.user_lastname ?? ''}`;
}
