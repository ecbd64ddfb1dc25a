// OpenTera's `t_server_settings`: the server's identity (ServerUUID), the shared secret devices register
// with (DeviceRegisterKey) and the known client versions (ServerVersions). A table of its own, not events:
// the register key is a secret, and none of this is history. The first start creates the values, randomly
// as OpenTera does; every node then reads the same row.
import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './database.js';

export interface ClientVersion {
  client_name: string;
  client_description: string | null;
  client_version: string | null;
  client_documentation_url: string | null;
  client_windows_download_url: string | null;
  client_mac_download_url: string | null;
  client_linux_download_url: string | null;
}

export interface ServerVersions {
  version_string: string;
  version_major: number;
  version_minor: number;
  version_patch: number;
  clients: Record<string, ClientVersion>;
}

export const SETTING = { serverUuid: 'ServerUUID', deviceRegisterKey: 'DeviceRegisterKey', versions: 'ServerVersions' } as const;

/** OpenTera's built-in client entry (`TeraVersions`). */
export const DEFAULT_CLIENTS: Record<string, ClientVersion> = {
  OpenTeraPlus: {
    client_name: 'OpenTeraPlus',
    client_description: 'OpenTeraPlus Qt Client',
    client_version: '1.0.0',
    client_documentation_url: 'https://github.com/introlab/openteraplus',
    client_windows_download_url: null,
    client_mac_download_url: null,
    client_linux_download_url: null,
  },
};

export interface ServerSettings {
  serverUuid(): Promise<string>;
  deviceRegisterKey(): Promise<string>;
  /** The stored client versions, with the server version fields of the running code (as OpenTera). */
  versions(): Promise<ServerVersions>;
  /** Adds or replaces the entry of `client.client_name`; returns the new versions. */
  saveClientVersion(client: ClientVersion): Promise<ServerVersions>;
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** OpenTera's `generate_token_key`: `length` characters drawn uniformly from [0-9A-Za-z] by a CSPRNG. */
export function randomKey(length: number): string {
  let key = '';
  for (let i = 0; i < length; i++) key += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return key;
}

function serverVersionFields(version: string): Omit<ServerVersions, 'clients'> {
  const [major, minor, patch] = version.split('.').map((part) => Number.parseInt(part, 10));
  return { version_string: version, version_major: major || 0, version_minor: minor || 0, version_patch: patch || 0 };
}

function storedClients(text: string | undefined): Record<string, ClientVersion> {
  if (!text) return { ...DEFAULT_CLIENTS };
  const parsed = JSON.parse(text) as { clients?: unknown };
  // OpenTera's older versions stored a list here; only a name -> entry object is meaningful.
  const clients = parsed.clients;
  return clients && typeof clients === 'object' && !Array.isArray(clients) ? (clients as Record<string, ClientVersion>) : { ...DEFAULT_CLIENTS };
}

export async function createServerSettings(database: Database, options: { version: string }): Promise<ServerSettings> {
  const { db } = database;
  await sql`create table if not exists server_settings (name text primary key, value text not null)`.execute(db);
  const fields = serverVersionFields(options.version);
  // Two nodes starting at once: the first insert wins, the other's values are dropped.
  const defaults: [string, string][] = [
    [SETTING.serverUuid, randomUUID()],
    [SETTING.deviceRegisterKey, randomKey(10)],
    [SETTING.versions, JSON.stringify({ ...fields, clients: DEFAULT_CLIENTS })],
  ];
  for (const [name, value] of defaults) await db.insertInto('server_settings').values({ name, value }).onConflict((oc) => oc.column('name').doNothing()).execute();

  const read = async (name: string): Promise<string | undefined> =>
    ((await db.selectFrom('server_settings').select('value').where('name', '=', name).executeTakeFirst())?.value as string | undefined);
  const required = async (name: string): Promise<string> => {
    const value = await read(name);
    if (value === undefined) throw new Error(`Server setting ${name} is missing`);
    return value;
  };

  return {
    serverUuid: () => required(SETTING.serverUuid),
    deviceRegisterKey: () => required(SETTING.deviceRegisterKey),
    async versions() {
      return { ...fields, clients: storedClients(await read(SETTING.versions)) };
    },
    async saveClientVersion(client) {
      // Read-modify-write under a row lock: concurrent saves of two clients keep both.
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('server_settings').select('value').where('name', '=', SETTING.versions).forUpdate().executeTakeFirst();
        const versions: ServerVersions = { ...fields, clients: { ...storedClients(row?.value as string | undefined), [client.client_name]: client } };
        await trx
          .insertInto('server_settings')
          .values({ name: SETTING.versions, value: JSON.stringify(versions) })
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: JSON.stringify(versions) }))
          .execute();
        return versions;
      });
    },
  };
}
