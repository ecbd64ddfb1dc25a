// The read-model tables. They live in one PostgreSQL schema (`rm`); a rebuild fills a fresh schema and
// swaps it in. Bump READ_MODEL_VERSION when a table or a projector changes: a start with an older version
// rebuilds the read models from the events.
import { sql } from 'kysely';
import type { AnyDb } from './types.js';

export const READ_MODEL_VERSION = 4;
export const LIVE_SCHEMA = 'rm';

export async function createReadModelTables(db: AnyDb, schema: string): Promise<void> {
  const s = (name: string) => sql.table(`${schema}.${name}`);
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const statements = [
    sql`create table ${s('meta')} (id integer primary key check (id = 1), version integer not null, position text)`,
    sql`create table ${s('sites')} (
      id_site integer primary key, site_uuid uuid not null, site_name text not null,
      site_2fa_required boolean not null, deleted_at timestamptz)`,
    sql`create table ${s('projects')} (
      id_project integer primary key, project_uuid uuid not null, id_site integer not null, project_name text not null,
      project_enabled boolean not null, project_description text, deleted_at timestamptz)`,
    sql`create index on ${s('projects')} (id_site)`,
    sql`create table ${s('service_roles')} (
      id_service_role integer primary key, id_service integer not null, id_site integer, id_project integer,
      service_role_name text not null, deleted_at timestamptz)`,
    sql`create table ${s('users')} (
      id_user integer primary key, user_uuid uuid not null unique, user_username text, user_email text,
      user_firstname text, user_lastname text, user_password text, user_enabled boolean not null,
      user_profile text, user_notes text, user_lastonline timestamptz, user_superadmin boolean not null,
      user_2fa_enabled boolean not null default false, user_2fa_otp_enabled boolean not null default false,
      user_2fa_email_enabled boolean not null default false, user_2fa_otp_secret text,
      user_force_password_change boolean not null default false, deleted_at timestamptz)`,
    sql`create index on ${s('users')} (lower(user_username))`,
    sql`create table ${s('user_preferences')} (
      id_user_preference integer primary key, id_user integer not null, user_preference_app_tag text not null,
      user_preference_preference text not null, unique (id_user, user_preference_app_tag))`,
    sql`create table ${s('user_groups')} (
      id_user_group integer primary key, user_group_uuid uuid not null, user_group_name text not null, deleted_at timestamptz)`,
    sql`create table ${s('user_user_groups')} (
      id_user_user_group integer primary key, id_user integer not null, id_user_group integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('user_user_groups')} (id_user_group)`,
    sql`create index on ${s('user_user_groups')} (id_user)`,
    sql`create table ${s('service_access')} (
      id_service_access integer primary key, id_user_group integer, id_service_role integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('service_access')} (id_user_group)`,
    // Effective roles of every non-superadmin user (domain/roles.ts), kept current by the access projector;
    // every role-filtered query joins them.
    sql`create table ${s('user_site_access')} (
      id_user integer not null, id_site integer not null, role text not null, inherited boolean not null, primary key (id_user, id_site))`,
    sql`create index on ${s('user_site_access')} (id_site)`,
    sql`create table ${s('user_project_access')} (
      id_user integer not null, id_project integer not null, role text not null, inherited boolean not null, primary key (id_user, id_project))`,
    sql`create index on ${s('user_project_access')} (id_project)`,
    // Device types and their subtypes are hard-deleted, as OpenTera. The key is not declared unique here:
    // the command checks it, and a projector must never fail on an event already stored.
    sql`create table ${s('devices_types')} (
      id_device_type integer primary key, device_type_uuid uuid not null unique, device_type_name text not null,
      device_type_key text not null)`,
    sql`create index on ${s('devices_types')} (device_type_key)`,
    sql`create table ${s('devices_subtypes')} (
      id_device_subtype integer primary key, id_device_type integer not null, device_subtype_name text not null)`,
    sql`create index on ${s('devices_subtypes')} (id_device_type)`,
    sql`create table ${s('participant_groups')} (
      id_participant_group integer primary key, participant_group_uuid uuid not null unique, id_project integer not null,
      participant_group_name text not null, deleted_at timestamptz)`,
    sql`create index on ${s('participant_groups')} (id_project)`,
    // participant_token_id is the jti of the static token; the token itself is signed when served (it is a
    // secret: neither events nor read models hold it). participant_changed_at orders OpenTera's
    // `orderby_recents` (its version_id).
    sql`create table ${s('participants')} (
      id_participant integer primary key, participant_uuid uuid not null unique, id_project integer not null,
      id_participant_group integer, participant_name text, participant_email text, participant_username text,
      participant_password text, participant_enabled boolean not null, participant_login_enabled boolean not null,
      participant_token_enabled boolean not null, participant_token_id text, participant_lastonline timestamptz,
      participant_changed_at timestamptz not null, deleted_at timestamptz)`,
    sql`create index on ${s('participants')} (id_project, participant_name)`,
    sql`create index on ${s('participants')} (id_participant_group)`,
    sql`create index on ${s('participants')} (lower(participant_username))`,
    sql`create table ${s('devices')} (
      id_device integer primary key, device_uuid uuid not null unique, device_name text, id_device_type integer not null,
      id_device_subtype integer, device_token_id text not null, device_certificate text, device_enabled boolean not null,
      device_onlineable boolean not null, device_config text, device_infos text, device_notes text,
      device_lastonline timestamptz, deleted_at timestamptz)`,
    sql`create index on ${s('devices')} (id_device_type)`,
    // The device links keep their rows when unlinked (deleted_at), as OpenTera's soft-deleted associations.
    sql`create table ${s('devices_sites')} (
      id_device_site integer primary key, id_device integer not null, id_site integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('devices_sites')} (id_device)`,
    sql`create index on ${s('devices_sites')} (id_site)`,
    sql`create table ${s('devices_projects')} (
      id_device_project integer primary key, id_device integer not null, id_project integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('devices_projects')} (id_device)`,
    sql`create index on ${s('devices_projects')} (id_project)`,
    sql`create table ${s('devices_participants')} (
      id_device_participant integer primary key, id_device integer not null, id_participant integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('devices_participants')} (id_device)`,
    sql`create index on ${s('devices_participants')} (id_participant)`,
  ];
  for (const statement of statements) await statement.execute(db);
  await sql`insert into ${s('meta')} (id, version, position) values (1, ${READ_MODEL_VERSION}, null)`.execute(db);
}

export async function readModelVersion(db: AnyDb, schema: string): Promise<number | undefined> {
  const exists = await sql<{ ok: boolean }>`select to_regclass(${`${schema}.meta`}) is not null as ok`.execute(db);
  if (!exists.rows[0]?.ok) return undefined;
  const row = await sql<{ version: number }>`select version from ${sql.table(`${schema}.meta`)} where id = 1`.execute(db);
  return row.rows[0]?.version;
}
