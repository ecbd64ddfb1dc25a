// OpenTera's test data set, continued (domain.md 3.2): the assets of sessions 2, 3 and 9, the three test types
// with their site and project links, and the four tests of sessions 2 and 3. As OpenTera's `create_defaults`,
// the links are written as they are, without linking the types' services where the types are (test type 1 is
// in site 2, where its service is not). A test is dated at its session's start, as OpenTera's.
import type { CommandContext } from '../../../commands/context.js';
import type { Position } from '../../../commands/eventStore.js';
import { createAssetCommand } from '../../../commands/assets.js';
import { createTestCommand } from '../../../commands/tests.js';
import { createTestTypeCommand, linkTestTypeToProjectCommand, linkTestTypeToSiteCommand } from '../../../commands/testTypes.js';
import type { AssetCreators } from '../../../domain/asset.js';
import type { TestSubjects } from '../../../domain/test.js';
import { OPENTERA_SERVER_UUID } from './services.js';

const none: AssetCreators & TestSubjects = { userId: null, participantId: null, deviceId: null, serviceId: null };

const ASSETS: { id: number; name: string; sessionId: number; creators: AssetCreators; mimeType: string }[] = [
  { id: 1, name: 'Asset #0', sessionId: 2, creators: { ...none, participantId: 1 }, mimeType: 'application/octet-stream' },
  { id: 2, name: 'Asset #1', sessionId: 2, creators: { ...none, userId: 2 }, mimeType: 'application/octet-stream' },
  { id: 3, name: 'Asset #2', sessionId: 2, creators: none, mimeType: 'application/octet-stream' },
  { id: 4, name: 'Device Asset', sessionId: 3, creators: { ...none, deviceId: 1, serviceId: 1 }, mimeType: 'video/mpeg' },
  ...[5, 6, 7].map((id) => ({ id, name: 'Device Asset', sessionId: 9, creators: { ...none, deviceId: 1, serviceId: 1 }, mimeType: 'video/mpeg' })),
];

const TEST_TYPES = [
  { id: 1, name: 'Pre-session evaluation', description: 'Evaluation shown before a session', serviceId: 6, key: 'PRE', hasJsonFormat: true, hasWebFormat: false, hasWebEditor: false },
  { id: 2, name: 'Post-session evaluation', description: 'Evaluation shown after a session', serviceId: 6, key: null, hasJsonFormat: true, hasWebFormat: true, hasWebEditor: false },
  { id: 3, name: 'General survey', description: 'General satisfaction survey', serviceId: 3, key: null, hasJsonFormat: false, hasWebFormat: true, hasWebEditor: true },
];
/** [link id, test type, site or project], in OpenTera's order. */
const TYPE_SITES = [
  [1, 1, 1],
  [2, 2, 1],
  [3, 1, 2],
  [4, 3, 2],
] as const;
const TYPE_PROJECTS = [
  [1, 1, 1],
  [2, 2, 1],
  [3, 3, 3],
] as const;

const TESTS: { id: number; name: string; sessionId: number; typeId: number; subjects: TestSubjects }[] = [
  { id: 1, name: 'Test #0', sessionId: 2, typeId: 1, subjects: { ...none, participantId: 1 } },
  { id: 2, name: 'Test #1', sessionId: 2, typeId: 2, subjects: { ...none, userId: 2 } },
  { id: 3, name: 'Test #2', sessionId: 2, typeId: 1, subjects: { ...none, deviceId: 1 } },
  { id: 4, name: 'Test #3', sessionId: 3, typeId: 1, subjects: { ...none, participantId: 1 } },
];

/**
 * The start of each seeded session, read back from the events (the read models may lag behind a seed): the
 * sessions seed dates them from its own clock reading.
 */
async function sessionStarts(context: CommandContext, ids: ReadonlySet<number>): Promise<Map<number, string>> {
  const starts = new Map<number, string>();
  let from: Position | undefined;
  while (starts.size < ids.size) {
    const page = await context.deps.store.readAll({ direction: 'backwards', maxCount: 200, ...(from !== undefined ? { from } : {}) });
    if (page.length === 0) throw new Error('seed: sessions 2 and 3 are missing');
    for (const event of page) {
      const data = event.data as { id?: number; startDatetime?: string };
      if (event.type === 'SessionCreated' && data.id !== undefined && ids.has(data.id) && data.startDatetime) starts.set(data.id, data.startDatetime);
    }
    from = page.at(-1)!.position;
  }
  return starts;
}

export async function seedOpenTeraTestAssets(context: CommandContext, projects: readonly { id: number; siteId: number }[]): Promise<Position | undefined> {
  let last: Position | undefined;
  const track = (p: Position | undefined) => (last = p ?? last);
  for (const a of ASSETS) {
    track((await createAssetCommand(context, { ...a, ownerServiceUuid: OPENTERA_SERVER_UUID, datetime: null, expirationDatetime: null })).position);
  }
  const typeUuids = new Map<number, string>();
  for (const { id, ...fields } of TEST_TYPES) {
    const created = await createTestTypeCommand(context, fields, id);
    typeUuids.set(id, created.uuid);
    track(created.position);
  }
  for (const [linkId, typeId, siteId] of TYPE_SITES) track(await linkTestTypeToSiteCommand(context, typeUuids.get(typeId)!, siteId, linkId));
  for (const [linkId, typeId, projectId] of TYPE_PROJECTS) {
    track(await linkTestTypeToProjectCommand(context, typeUuids.get(typeId)!, projects.find((p) => p.id === projectId)!, linkId));
  }
  const starts = await sessionStarts(context, new Set(TESTS.map((t) => t.sessionId)));
  for (const t of TESTS) {
    track((await createTestCommand(context, { ...t, datetime: starts.get(t.sessionId)!, status: 0, summary: null })).position);
  }
  return last;
}

/** The highest ids the part above gives, for the sequences. */
export const ASSETS_SEED_IDS = { asset: 7, test_type: 3, test_type_site: 4, test_type_project: 3, test: 4 } as const;
