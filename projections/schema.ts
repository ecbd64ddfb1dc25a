// The read-model tables. They live in one PostgreSQL schema (`rm`); a rebuild fills a fresh schema and
// swaps it in. Bump READ_MODEL_VERSION when a table or a projector changes: a start with an older version
// rebuilds the read models from the events.
import { sql } from 'kysely';
import type { AnyDb } from './types.js';

export const READ_MODEL_VERSION = 3;
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
