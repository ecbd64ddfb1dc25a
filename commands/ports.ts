// What the command side needs from the outside world, declared here and implemented by adapters.
import type { EventStore, Actor, Position } from './eventStore.js';

export interface IdAllocator {
  /** Next integer id (OpenTera's `id_*`) from the named PostgreSQL sequence. */
  next(sequence: IdSequence): Promise<number>;
  /** Moves the sequence past `id`, after rows were given explicit ids (seeds, imports). */
  ensureAbove(sequence: IdSequence, id: number): Promise<void>;
}

export type IdSequence =
  | 'site'
  | 'project'
  | 'user'
  | 'user_group'
  | 'user_user_group'
  | 'user_preference'
  | 'service_role'
  | 'service_access'
  | 'device_type'
  | 'device_subtype'
  | 'participant_group'
  | 'participant'
  | 'device'
  | 'device_site'
  | 'device_project'
  | 'device_participant'
  | 'service'
  | 'service_site'
  | 'service_project'
  | 'session_type'
  | 'session_type_site'
  | 'session_type_project'
  | 'session_type_service'
  | 'session'
  | 'session_event'
  | 'asset'
  | 'test_type'
  | 'test_type_site'
  | 'test_type_project'
  | 'test'
  | 'test_invitation';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}

/** Who asks and from where: goes into every event's metadata. */
export interface RequestContext {
  actor: Actor;
  correlationId: string;
  clientIp?: string;
  userAgent?: string;
}

export interface CommandDeps {
  store: EventStore;
  ids: IdAllocator;
  clock: Clock;
  newUuid(): string;
  /** Keyed hash for reservation stream names (never a plain personal value in a stream name). */
  reservationKey(value: string): string;
}

export type { Position };
