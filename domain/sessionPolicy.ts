// The rules around sessions that are not the session's own decisions (domain/session.ts): OpenTera's
// defaults on creation, how posted datetimes read, when a participant or device re-posting a session means
// the same session, and which refusals the sessions, assets and tests of a user or device give its deletion.
// Who may reach a session is one SQL rule (projections/queries/sessions.ts sessionAccessibleTo).
import { SESSION_STATUS } from './session.js';

/**
 * OpenTera's insert treats 0 as missing (`if not session_status`), so a new session is never "not started":
 * clients may rely on it (its own test posts 0 and expects 1), so it is kept. Only creation does this.
 */
export function creationStatus(posted: number | undefined | null): number {
  return posted ? posted : SESSION_STATUS.inProgress;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A posted datetime, as Python's `datetime.fromisoformat` reads it (`2025-01-20T14:03:11.512345-05:00`,
 * `2025-01-20 14:03:11.512345`, `2025-01-20`), as an ISO 8601 UTC instant. Without an offset it is UTC, as
 * OpenTera's database reads a naive datetime on a UTC server. Undefined when it is no datetime at all.
 */
export function postedDatetime(text: string): string | undefined {
  const m = DATETIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over into March: a day the month does not have is no date.
  if (new Date(time).getUTCDate() !== day) return undefined;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (offset >= 24 * 60) return undefined;
    time -= sign * offset * 60_000;
  }
  return new Date(time).toISOString();
}

/** The UTC calendar day of an ISO instant (`YYYY-MM-DD`). */
export function utcDay(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * A participant or device posting a new session that it already created (same name, type, start day and
 * exactly the same participants) means that session: OpenTera turns the creation into an update of it.
 */
export function sameParticipants(posted: readonly string[], existing: readonly string[]): boolean {
  const wanted = new Set(posted.map((uuid) => uuid.toLowerCase()));
  const present = new Set(existing.map((uuid) => uuid.toLowerCase()));
  return wanted.size === present.size && [...wanted].every((uuid) => present.has(uuid));
}

/** What keeps a user, participant or device from being deleted: live sessions, assets and tests it is tied to. */
export interface SessionTies {
  /** Sessions it is invited to. */
  sessions: number;
  /** Sessions it created. */
  createdSessions: number;
  /** Assets it created. */
  assets: number;
  /** Tests it created. */
  tests: number;
}

/**
 * OpenTera's refusals for a user, in its order (`TeraUser.delete_check_integrity`). OpenTera answers created
 * sessions with its assets text (its endpoint looks for a table name that never occurs); ours names them.
 */
export function userDeleteRefusal(ties: SessionTies): string | undefined {
  if (ties.sessions > 0) return "Can't delete user: please remove all sessions that this user is part of before deleting.";
  if (ties.createdSessions > 0) return "Can't delete user: please remove all sessions created by this user before deleting.";
  if (ties.assets > 0) return "Can't delete user: please remove all assets created by this user before deleting.";
  if (ties.tests > 0) return "Can't delete user: please remove all tests created by this user before deleting.";
  return undefined;
}

/**
 * OpenTera's refusals for a device, after its participant links (domain/device.ts), in its order
 * (`TeraDevice.delete_check_integrity`); created sessions get OpenTera's general text, as there.
 */
export function deviceDeleteRefusal(ties: SessionTies): string | undefined {
  if (ties.sessions > 0) return "Can't delete device: please remove all sessions referring to that device before deleting.";
  if (ties.createdSessions > 0) return "Can't delete device: please remove all related sessions, assets and tests before deleting.";
  if (ties.assets > 0) return "Can't delete device: please delete all assets created by that device before deleting.";
  if (ties.tests > 0) return "Can't delete device: please delete all tests created by that device before deleting.";
  return undefined;
}

export const PROJECT_HAS_SESSIONS = "Can't delete project: please delete all participants with sessions before deleting.";
export const SITE_HAS_SESSIONS = "Can't delete site: please delete all participants with sessions before deleting.";
export const DEVICE_PROJECT_HAS_SESSIONS = "Can't delete device from project: please remove all sessions in this project referring to that device before deleting.";
