// The read-model tables. They live in one PostgreSQL schema (`rm`); a rebuild fills a fresh schema and
// swaps it in. Bump READ_MODEL_VERSION when a table or a projector changes: a start with an older version
// rebuilds the read models from the events.
import { sql } from 'kysely';
import type { AnyDb } from './types.js';

export const READ_MODEL_VERSION = 6;
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
      user_force_password_change boolean not null default false, user_changed_at timestamptz, deleted_at timestamptz)`,
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
    sql`create table ${s('services')} (
      id_service integer primary key, service_uuid uuid not null unique, service_key text not null, service_name text not null,
      service_hostname text not null, service_port integer not null, service_endpoint text not null,
      service_clientendpoint text not null, service_endpoint_user text, service_endpoint_participant text,
      service_endpoint_device text, service_enabled boolean not null, service_system boolean not null,
      service_editable_config boolean not null, service_default_config text, service_has_assets boolean not null,
      service_has_tests boolean not null, deleted_at timestamptz)`,
    sql`create index on ${s('services')} (service_key)`,
    sql`create table ${s('services_sites')} (
      id_service_site integer primary key, id_service integer not null, id_site integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('services_sites')} (id_site)`,
    sql`create table ${s('services_projects')} (
      id_service_project integer primary key, id_service integer not null, id_project integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('services_projects')} (id_project)`,
    sql`create table ${s('session_types')} (
      id_session_type integer primary key, session_type_uuid uuid not null unique, id_service integer,
      session_type_name text not null, session_type_online boolean not null, session_type_config text,
      session_type_color text not null, session_type_category integer not null, deleted_at timestamptz)`,
    sql`create table ${s('session_types_sites')} (
      id_session_type_site integer primary key, id_session_type integer not null, id_site integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('session_types_sites')} (id_site)`,
    sql`create table ${s('session_types_projects')} (
      id_session_type_project integer primary key, id_session_type integer not null, id_project integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('session_types_projects')} (id_project)`,
    sql`create table ${s('session_types_services')} (
      id_session_type_service integer primary key, id_session_type integer not null, id_service integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('session_types_services')} (id_session_type)`,
    sql`create table ${s('sessions')} (
      id_session integer primary key, session_uuid uuid not null unique, id_session_type integer not null,
      id_creator_user integer, id_creator_device integer, id_creator_participant integer, id_creator_service integer,
      session_name text not null, session_start_datetime timestamptz not null, session_duration integer not null,
      session_status integer not null, session_comments text, session_parameters text, deleted_at timestamptz)`,
    sql`create index on ${s('sessions')} (id_session_type)`,
    sql`create index on ${s('sessions')} (id_creator_participant)`,
    sql`create index on ${s('sessions')} (id_creator_user)`,
    sql`create index on ${s('sessions')} (id_creator_device)`,
    sql`create index on ${s('sessions')} (session_start_datetime desc, id_session desc)`,
    // Invitees: one row per (session, invitee) while invited; a removal deletes the row.
    sql`create table ${s('sessions_participants')} (id_session integer not null, id_participant integer not null, primary key (id_session, id_participant))`,
    sql`create index on ${s('sessions_participants')} (id_participant)`,
    sql`create table ${s('sessions_users')} (id_session integer not null, id_user integer not null, primary key (id_session, id_user))`,
    sql`create index on ${s('sessions_users')} (id_user)`,
    sql`create table ${s('sessions_devices')} (id_session integer not null, id_device integer not null, primary key (id_session, id_device))`,
    sql`create index on ${s('sessions_devices')} (id_device)`,
    sql`create table ${s('session_events')} (
      id_session_event integer primary key, id_session integer not null, id_session_event_type integer not null,
      session_event_datetime timestamptz not null, session_event_text text, session_event_context text, deleted_at timestamptz)`,
    sql`create index on ${s('session_events')} (id_session)`,
    // Assets, test types and tests (OpenTera's t_assets, t_tests_types and their links, t_tests,
    // t_tests_invitations).
    sql`create table ${s('assets')} (
      id_asset integer primary key, asset_uuid uuid not null unique, id_session integer not null, id_device integer,
      id_participant integer, id_user integer, id_service integer, asset_name text, asset_service_uuid uuid not null,
      asset_type text not null, asset_datetime timestamptz, asset_expiration_datetime timestamptz, deleted_at timestamptz)`,
    sql`create index on ${s('assets')} (id_session)`,
    sql`create index on ${s('assets')} (id_participant)`,
    sql`create index on ${s('assets')} (id_device)`,
    sql`create index on ${s('assets')} (id_user)`,
    sql`create index on ${s('assets')} (asset_service_uuid)`,
    sql`create table ${s('test_types')} (
      id_test_type integer primary key, test_type_uuid uuid not null unique, id_service integer not null,
      test_type_name text not null, test_type_description text, test_type_key text,
      test_type_has_json_format boolean not null, test_type_has_web_format boolean not null,
      test_type_has_web_editor boolean not null, deleted_at timestamptz)`,
    sql`create table ${s('test_types_sites')} (
      id_test_type_site integer primary key, id_test_type integer not null, id_site integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('test_types_sites')} (id_site)`,
    sql`create table ${s('test_types_projects')} (
      id_test_type_project integer primary key, id_test_type integer not null, id_project integer not null, deleted_at timestamptz)`,
    sql`create index on ${s('test_types_projects')} (id_project)`,
    sql`create index on ${s('test_types_projects')} (id_test_type)`,
    sql`create index on ${s('test_types_sites')} (id_test_type)`,
    sql`create table ${s('tests')} (
      id_test integer primary key, test_uuid uuid not null unique, id_test_type integer not null, id_session integer not null,
      id_device integer, id_participant integer, id_user integer, id_service integer, test_name text not null,
      test_datetime timestamptz not null, test_status integer not null, test_summary text, deleted_at timestamptz)`,
    sql`create index on ${s('tests')} (id_session)`,
    sql`create index on ${s('tests')} (id_participant)`,
    sql`create index on ${s('tests')} (id_test_type)`,
    sql`create index on ${s('tests')} (id_device)`,
    sql`create index on ${s('tests')} (id_user)`,
    // test_invitation_uuid names the invitation's stream (OpenTera's invitations have no uuid). The key is
    // null once the invitation's personal data is erased (the invitation is then deleted too).
    sql`create table ${s('test_invitations')} (
      id_test_invitation integer primary key, test_invitation_uuid uuid not null unique, id_test_type integer not null,
      id_session integer, id_user integer, id_participant integer, id_device integer, id_project integer not null,
      test_invitation_key text,
      test_invitation_max_count integer not null, test_invitation_count integer not null,
      test_invitation_creation_date timestamptz not null, test_invitation_expiration_date timestamptz not null,
      test_invitation_message text, deleted_at timestamptz)`,
    sql`create index on ${s('test_invitations')} (test_invitation_key)`,
    sql`create index on ${s('test_invitations')} (id_project)`,
    sql`create index on ${s('test_invitations')} (id_test_type)`,
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
