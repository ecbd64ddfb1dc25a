import t, { type Test } from 'tap';
import { createSessionCommand } from '../../../../commands/sessions.js';
import { startTestServer } from '../../../helpers/server.js';

// ---------------------------------------------------------------------------------------------------------
// OpenTera's form document structure (api-user-1.md section 12), checked independently of the server's code.

const ITEM_TYPES = new Set(['hidden', 'text', 'boolean', 'array', 'password', 'datetime', 'longtext', 'label', 'longlabel', 'numeric', 'color', 'duration', 'json', 'videoinputs', 'audioinputs']);
const ITEM_KEYS = new Set(['id', 'label', 'type', 'required', 'values', 'default', 'condition', '_order']);
const OPTION_KEYS = new Set(['readonly', 'confirm', 'default']);

interface Item {
  id: string;
  label: string;
  type: string;
  _order: number;
  required?: true;
  values?: { id: number | string; value: string | null }[];
  default?: unknown;
  condition?: { item: string; op: string; condition: unknown; hook?: string };
  readonly?: boolean;
  confirm?: boolean;
}
interface Section {
  id: string;
  label: string;
  _order: number;
  items: Item[];
}
interface Form {
  objecttype: string;
  sections: Section[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The structure errors of a form document (empty when it is one). */
function structureErrors(form: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(form)) return ['not an object'];
  if (Object.keys(form).sort().join() !== 'objecttype,sections') errors.push(`top-level keys ${Object.keys(form).join()}`);
  if (typeof form.objecttype !== 'string' || form.objecttype === '') errors.push('objecttype');
  if (!Array.isArray(form.sections)) return [...errors, 'sections not a list'];
  const allItems = new Set<string>();
  for (const section of form.sections as unknown[]) if (isObject(section) && Array.isArray(section.items)) for (const i of section.items as unknown[]) if (isObject(i)) allItems.add(String(i.id));
  (form.sections as unknown[]).forEach((section, s) => {
    const where = `section ${s}`;
    if (!isObject(section)) return errors.push(`${where} not an object`);
    if (Object.keys(section).sort().join() !== '_order,id,items,label') errors.push(`${where} keys ${Object.keys(section).join()}`);
    if (typeof section.id !== 'string' || section.id === '') errors.push(`${where} id`);
    if (typeof section.label !== 'string') errors.push(`${where} label`);
    if (section._order !== s + 1) errors.push(`${where} _order ${String(section._order)}`);
    if (!Array.isArray(section.items)) return errors.push(`${where} items`);
    const ids = new Set<string>();
    (section.items as unknown[]).forEach((item, i) => {
      const at = `${where} item ${i}`;
      if (!isObject(item)) return errors.push(`${at} not an object`);
      for (const key of Object.keys(item)) if (!ITEM_KEYS.has(key) && !OPTION_KEYS.has(key)) errors.push(`${at} unexpected key ${key}`);
      if (typeof item.id !== 'string' || item.id === '') errors.push(`${at} id`);
      if (ids.has(String(item.id))) errors.push(`${at} duplicate id ${String(item.id)}`);
      ids.add(String(item.id));
      if (typeof item.label !== 'string') errors.push(`${at} label`);
      if (!ITEM_TYPES.has(item.type as string)) errors.push(`${at} type ${String(item.type)}`);
      if (item._order !== i + 1) errors.push(`${at} _order ${String(item._order)}`);
      if ('required' in item && item.required !== true) errors.push(`${at} required is present but not true`);
      if ('values' in item) {
        if (!Array.isArray(item.values) || item.values.length === 0) errors.push(`${at} values present but empty`);
        else
          for (const v of item.values as unknown[])
            if (!isObject(v) || Object.keys(v).sort().join() !== 'id,value' || !['number', 'string'].includes(typeof v.id) || !(typeof v.value === 'string' || v.value === null))
              errors.push(`${at} value ${JSON.stringify(v)}`);
        if (item.type !== 'array') errors.push(`${at} values on a ${String(item.type)}`);
      }
      // `default` is present only when truthy, unless an option sets it (session_duration's 0).
      if ('default' in item && !item.default && !(item.id === 'session_duration' && item.default === 0)) errors.push(`${at} falsy default`);
      if ('condition' in item) {
        const c = item.condition;
        if (!isObject(c) || !['item', 'op', 'condition'].every((k) => k in c) || Object.keys(c).some((k) => !['item', 'op', 'condition', 'hook'].includes(k))) errors.push(`${at} condition shape`);
        else {
          if (!allItems.has(String(c.item))) errors.push(`${at} condition on unknown item ${String(c.item)}`);
          if ('hook' in c && (typeof c.hook !== 'string' || c.hook === '')) errors.push(`${at} empty hook`);
        }
      }
      for (const key of ['readonly', 'confirm']) if (key in item && typeof item[key] !== 'boolean') errors.push(`${at} ${key} not a boolean`);
    });
  });
  return errors;
}

// The items of each form, in order, in the spec's notation: `name:type`, `*` required, `ro` readonly true,
// `rw` readonly false, `v` values, `c` a condition, `d=<json>` a default, `confirm`.
const SPECS: Record<string, Record<string, string[]>> = {
  user: {
    informations: [
      'id_user:hidden*',
      'user_uuid:hidden',
      'user_name:hidden',
      'user_username:text*',
      'user_enabled:boolean* d=true',
      'user_force_password_change:boolean',
      'user_2fa_enabled:boolean',
      'user_firstname:text*',
      'user_lastname:text*',
      'user_email:text',
      'user_password:password confirm',
      'user_superadmin:boolean*',
      'user_lastonline:datetime ro',
      'user_notes:longtext',
      'user_profile:hidden',
    ],
  },
  site: { informations: ['id_site:hidden*', 'site_name:text*', 'site_2fa_required:boolean', 'site_role:hidden'] },
  device: {
    details: [
      'id_device:hidden*',
      'device_uuid:hidden*',
      'device_name:text*',
      'id_device_type:array* v',
      'id_device_subtype:array c',
      'device_token:longlabel rw',
      'device_certificate:hidden ro',
      'device_enabled:boolean*',
      'device_onlineable:boolean*',
      'device_lastonline:datetime ro',
    ],
    infos: ['device_infos:longtext'],
    config: ['device_config:longtext'],
    notes: ['device_notes:longtext'],
  },
  project: {
    informations: ['id_project:hidden*', 'project_name:text*', 'project_enabled:boolean* d=true', 'id_site:array* v', 'project_role:hidden', 'site_name:hidden'],
    description: ['project_description:longtext'],
  },
  group: { informations: ['id_participant_group:hidden*', 'participant_group_name:text*', 'id_project:array* v', 'project_name:hidden'] },
  participant: {
    informations: [
      'id_participant:hidden*',
      'id_project:hidden*',
      'participant_uuid:hidden*',
      'participant_name:text*',
      'participant_email:text',
      'id_participant_group:array v',
      'participant_enabled:boolean* d=true',
      'participant_token_enabled:boolean*',
      'participant_token:label rw',
      'participant_login_enabled:boolean*',
      'participant_username:text* c',
      'participant_password:password confirm c',
      'participant_lastonline:datetime ro',
      'participant_lastsession:datetime ro',
    ],
  },
  session_type: {
    informations: [
      'id_session_type:hidden*',
      'session_type_name:text*',
      'session_type_category:array* v',
      'id_service:array v c',
      'session_type_service_key:hidden',
      'session_type_online:boolean*',
      'session_type_color:color*',
      'session_type_config:longtext',
    ],
  },
  session: {
    informations: [
      'id_session:hidden*',
      'session_uuid:hidden*',
      'session_name:text*',
      'id_session_type:array* v',
      'session_creator_user:hidden',
      'id_creator_user:array* v ro c',
      'session_creator_device:hidden',
      'id_creator_device:array* v ro c',
      'session_creator_participant:hidden',
      'id_creator_participant:array* v ro c',
      'session_creator_service:hidden',
      'id_creator_service:array* v ro c',
      'session_start_datetime:datetime*',
      'session_duration:duration* ro d=0',
      'session_status:array* v',
      'session_parameters:json',
      'session_comments:longtext',
      'session_has_device_data:hidden',
    ],
  },
  device_type: { infos: ['id_device_type:hidden*', 'device_type_name:text*', 'device_type_key:text*'] },
  device_subtype: { infos: ['id_device_subtype:hidden*', 'device_subtype_name:text*', 'id_device_type:array* v'] },
  user_group: { infos: ['id_user_group:hidden*', 'user_group_name:text*'] },
  service: {
    infos: [
      'id_service:hidden*',
      'service_uuid:label rw',
      'service_name:text*',
      'service_key:text*',
      'service_hostname:text*',
      'service_port:numeric*',
      'service_endpoint:text*',
      'service_clientendpoint:text*',
      'service_endpoint_user:text',
      'service_endpoint_participant:text',
      'service_endpoint_device:text',
      'service_system:boolean*',
      'service_enabled:boolean*',
      'service_has_assets:boolean*',
      'service_has_tests:boolean*',
      'service_editable_config:boolean',
      'service_default_config:longtext',
    ],
  },
  service_config: {
    infos: ['id_service:hidden*', 'id_service_config:hidden*', 'id_user:hidden', 'id_device:hidden', 'id_participant:hidden', 'service_config_config:hidden*'],
  },
  service_config_config: {
    main_audio_video: [
      'camera:videoinputs',
      'mirror:boolean d=true',
      'blur:boolean',
      'teracam_src:text* c',
      'camera_ptz:boolean',
      'camera_ptz_type:array* v c',
      'camera_ptz_ip:text* c',
      'camera_ptz_port:numeric* c',
      'camera_ptz_username:text* c',
      'camera_ptz_password:password* c',
      'audio:audioinputs',
      'camera2:videoinputs',
    ],
  },
  versions: { infos: ['version_string:hidden* ro', 'version_major:text* ro', 'version_minor:text* ro', 'version_patch:text* ro'] },
  test_type: {
    informations: [
      'id_test_type:hidden*',
      'test_type_name:text*',
      'id_service:array* v',
      'test_type_uuid:hidden*',
      'test_type_key:text',
      'test_type_has_json_format:boolean',
      'test_type_has_web_format:boolean',
      'test_type_has_web_editor:boolean',
      'test_type_description:longtext',
    ],
  },
};

/** An item in the spec's notation, from the document. */
function notation(item: Item): string {
  const flags = [
    `${item.id}:${item.type}${item.required ? '*' : ''}`,
    ...(item.values ? ['v'] : []),
    ...(item.readonly === true ? ['ro'] : item.readonly === false ? ['rw'] : []),
    ...(item.confirm ? ['confirm'] : []),
    ...(item.condition ? ['c'] : []),
    ...('default' in item ? [`d=${JSON.stringify(item.default)}`] : []),
  ];
  const [head, ...rest] = flags;
  return [head, ...rest.sort()].join(' ');
}

function normalize(spec: string): string {
  const [head, ...rest] = spec.split(' ');
  return [head, ...rest.sort()].join(' ');
}

/** The form's sections and items in the spec's notation. */
function shapeOf(form: Form): Record<string, string[]> {
  return Object.fromEntries(form.sections.map((s) => [s.id, s.items.map(notation)]));
}

function expectedShape(type: string, without: string[] = []): Record<string, string[]> {
  return Object.fromEntries(Object.entries(SPECS[type]!).map(([section, items]) => [section, items.filter((i) => !without.some((w) => i.startsWith(`${w}:`))).map(normalize)]));
}

function itemOf(form: Form, id: string, section?: string): Item {
  const found = form.sections.filter((s) => section === undefined || s.id === section).flatMap((s) => s.items).find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${form.objecttype}`);
  return found;
}

/** An item's values as `id:value` texts, in order ([] when the item has none). */
function valuesOf(form: Form, id: string): string[] {
  return (itemOf(form, id).values ?? []).map((v) => `${v.id}:${v.value}`);
}

// ---------------------------------------------------------------------------------------------------------
// The test data set (domain.md 3.2), sorted by name as the lists are.

const SITES = { 1: 'Default Site', 2: 'Top Secret Site' };
const PROJECTS = ['1:Default Project #1 [Default Site]', '2:Default Project #2 [Default Site]', '3:Secret Project #1 [Top Secret Site]'];
const GROUPS = ['1:Default Participant Group A', '2:Default Participant Group B'];
/** `id:name` of the named ids, in the list's (name) order. */
const pick = (list: readonly [number, string][]) => (...ids: number[]) => list.filter(([id]) => ids.includes(id)).map(([id, name]) => `${id}:${name}`);
const services = pick([
  [5, 'Bureau Actif'],
  [4, 'Email Service'],
  [3, 'File Transfer Service'],
  [2, 'Logging Service'],
  [1, 'OpenTera Server'],
  [7, 'Robot Teleoperation Service'],
  [6, 'Télé-réadaptation vidéo'],
]);
const types = pick([
  [3, 'Collecte données'],
  [2, 'Données Capteur'],
  [4, 'Exercices individuels'],
  [5, 'FileTransfer'],
  [1, 'Suivi vidéo'],
]);
const users = pick([
  [4, 'MultiSite User'],
  [6, 'No Access User!'],
  [5, 'Project Admin'],
  [2, 'Site Admin'],
  [3, 'Site User'],
  [1, 'Super Admin'],
]);
const DEVICES: Record<number, string> = { 1: 'Apple Watch #W05P1', 2: 'Kit Télé #1', 3: 'Robot A' };
const devices = (...ids: number[]) => ids.map((id) => `${id}:${DEVICES[id]}`);
const PARTICIPANTS: Record<number, string> = { 1: 'Participant #1', 2: 'Participant #2', 3: 'Participant #3', 4: 'Secret Participant' };
const participants = (...ids: number[]) => ids.map((id) => `${id}:${PARTICIPANTS[id]}`);
const DEVICE_TYPES = ['4:Bureau Actif', '2:Capteur', '3:Robot', '1:Vidéoconférence'];

t.test('/api/user/forms', async (t) => {
  const server = await startTestServer(t);
  const get = async (query: string, user = 'admin', headers: Record<string, string> = {}) => {
    const response = await server.request(`/api/user/forms${query}`, { basic: `${user}:${user}`, headers });
    return { status: response.status, body: JSON.parse(await response.text()) as unknown };
  };
  const form = async (t: Test, query: string, user = 'admin', headers: Record<string, string> = {}): Promise<Form> => {
    const { status, body } = await get(query, user, headers);
    t.equal(status, 200, `${query} as ${user}: 200`);
    t.same(structureErrors(body), [], `${query} as ${user}: a form document`);
    return body as Form;
  };

  t.test('given each form type, then a form document with OpenTera\'s sections and items', async (t) => {
    for (const type of Object.keys(SPECS).filter((k) => k !== 'service_config_config' && k !== 'versions')) {
      const f = await form(t, `?type=${type}`);
      t.equal(f.objecttype, type);
      t.same(shapeOf(f), expectedShape(type), `${type}: sections and items`);
    }
    const video = await form(t, '?type=service_config&key=VideoRehabService');
    t.equal(video.objecttype, 'service_config_config');
    t.same(shapeOf(video), expectedShape('service_config_config'));
    t.same(valuesOf(video, 'camera_ptz_type'), ['0:Vivotek'], 'the PTZ type ids are texts');
    t.same(itemOf(video, 'teracam_src').condition, { item: 'camera', op: '=', condition: 'OpenTeraCam' });
    t.same(await form(t, '?type=service_config&id=6'), video, 'by id as by key');
    t.same(await form(t, '?type=service_config&id=1'), { objecttype: 'service_config_config', sections: [] }, 'other services: no sections');
    t.same(await form(t, '?type=service_config&id=1&key=VideoRehabService'), video, 'the key wins over the id');
    t.same(await form(t, '?type=session_type_config&id=2'), { objecttype: 'session_type_config', sections: [] }, 'a file transfer session type: empty');
  });

  t.test('given the device form, then the subtype list is fetched from the API when the type changes', async (t) => {
    const f = await form(t, '?type=device', 'user4');
    t.same(valuesOf(f, 'id_device_type'), DEVICE_TYPES, 'every type, whoever asks');
    t.same(itemOf(f, 'id_device_subtype').condition, { item: 'id_device_type', op: '=', condition: 'changed', hook: '/api/user/devicesubtypes?id_device_type=' });
    t.same(valuesOf(await form(t, '?type=device_subtype', 'user'), 'id_device_type'), DEVICE_TYPES);
  });

  t.test('given the versions form, then one read-only section per known client', async (t) => {
    const f = await form(t, '?type=versions', 'user4');
    const versions = (await (await server.request('/api/user/versions', { basic: 'admin:admin' })).json()) as { clients: Record<string, { client_name: string }> };
    const clients = Object.values(versions.clients).map((c) => c.client_name);
    t.ok(clients.length > 0, 'the server knows clients');
    t.same(
      f.sections.map((s) => [s.id, s.label]),
      [['infos', 'Information'], ...clients.map((c) => [c, `${c} Versions`])],
    );
    t.same(shapeOf(f).infos, expectedShape('versions').infos);
    for (const section of f.sections.slice(1)) {
      t.same(
        section.items.map(notation),
        [
          'client_name:text* ro',
          'client_description:longtext* ro',
          'client_version:text* ro',
          'client_documentation_url:text* ro',
          'client_windows_download_url:text* ro',
          'client_mac_download_url:text* ro',
          'client_linux_download_url:text* ro',
        ],
        section.id,
      );
    }
  });

  t.test('given the fixed lists, then OpenTera\'s ids and names', async (t) => {
    const st = await form(t, '?type=session_type');
    t.same(valuesOf(st, 'session_type_category'), ['1:Service', '2:Data Collect', '3:File Transfer', '4:Protocol']);
    t.same(itemOf(st, 'id_service').condition, { item: 'session_type_category', op: '=', condition: 1 });
    const session = await form(t, '?type=session');
    t.same(valuesOf(session, 'session_status'), ['0:Planned', '1:In progess', '2:Completed', '3:Cancelled', '4:Interrupted'], 'typo included');
    t.same(itemOf(session, 'session_duration').default, 0);
    for (const kind of ['user', 'device', 'participant', 'service']) {
      t.same(itemOf(session, `id_creator_${kind}`).condition, { item: `session_creator_${kind}`, op: 'NOT NULL', condition: null }, kind);
    }
    t.same(itemOf(await form(t, '?type=participant'), 'participant_username').condition, { item: 'participant_login_enabled', op: '=', condition: true });
  });

  t.test('given each role, then the project form offers the sites it may reach', async (t) => {
    const expected: Record<string, string[]> = {
      admin: [`1:${SITES[1]}`, `2:${SITES[2]}`],
      siteadmin: [`1:${SITES[1]}`],
      user: [`1:${SITES[1]}`],
      user2: [`1:${SITES[1]}`],
      user3: [`1:${SITES[1]}`],
      user4: [],
    };
    for (const [user, sites] of Object.entries(expected)) {
      const f = await form(t, '?type=project', user);
      t.same(valuesOf(f, 'id_site'), sites, user);
      const shape = expectedShape('project');
      // `values` is left out when the list is empty.
      if (sites.length === 0) shape.informations = shape.informations!.map((i) => (i.startsWith('id_site:') ? 'id_site:array*' : i));
      t.same(shapeOf(f), shape, `${user}: the same items otherwise`);
    }
  });

  t.test('given each role and context, then the group form offers the projects it may reach', async (t) => {
    const cases: [string, string, string[]][] = [
      ['admin', '', PROJECTS],
      ['admin', '&id_site=2', [PROJECTS[2]!]],
      ['admin', '&id=1', PROJECTS.slice(0, 2)],
      ['user', '', PROJECTS.slice(0, 2)],
      ['user', '&id_site=2', []],
      ['user', '&id=1', PROJECTS.slice(0, 2)],
      ['user3', '', [PROJECTS[0]!]],
      ['user3', '&id=1', [PROJECTS[0]!]],
      ['user3', '&id=2', [PROJECTS[0]!]],
      ['user4', '', []],
      ['user4', '&id=1', []],
    ];
    for (const [user, context, projects] of cases) t.same(valuesOf(await form(t, `?type=group${context}`, user), 'id_project'), projects, `${user} ${context}`);
  });

  t.test('given each role and context, then the participant form offers the groups of the right projects', async (t) => {
    const cases: [string, string, string[]][] = [
      ['admin', '', GROUPS],
      ['admin', '&id=1', [GROUPS[0]!]],
      ['admin', '&id_project=2', [GROUPS[1]!]],
      ['admin', '&id=4', []],
      ['user', '', GROUPS],
      ['user', '&id=1', [GROUPS[0]!]],
      ['user', '&id_project=2', [GROUPS[1]!]],
      ['user', '&id=4', GROUPS],
      ['user3', '', [GROUPS[0]!]],
      ['user3', '&id_project=2', [GROUPS[0]!]],
      ['user3', '&id_project=2&id=1', [GROUPS[0]!]],
      ['user4', '&id=1', []],
    ];
    for (const [user, context, groups] of cases) t.same(valuesOf(await form(t, `?type=participant${context}`, user), 'id_participant_group'), groups, `${user} ${context}`);
  });

  t.test('given each role, then the session type and test type forms offer the services it may reach', async (t) => {
    const expected: Record<string, string[]> = {
      admin: services(1, 2, 3, 4, 5, 6, 7),
      siteadmin: services(2, 3, 6),
      user: services(3, 6),
      user2: services(2, 3, 6),
      user3: services(3, 6),
      user4: [],
    };
    for (const [user, list] of Object.entries(expected)) {
      t.same(valuesOf(await form(t, '?type=session_type', user), 'id_service'), list, `session_type ${user}`);
      t.same(valuesOf(await form(t, '?type=test_type', user), 'id_service'), list, `test_type ${user}`);
    }
  });

  t.test('given each role and context, then the session form offers the lists of its project, or what the requester may reach', async (t) => {
    const lists = (f: Form) => ({
      types: valuesOf(f, 'id_session_type'),
      users: valuesOf(f, 'id_creator_user'),
      devices: valuesOf(f, 'id_creator_device'),
      participants: valuesOf(f, 'id_creator_participant'),
      services: valuesOf(f, 'id_creator_service'),
    });
    const project1 = { types: types(1, 2, 3, 4), users: users(1, 2, 3, 4, 5), devices: devices(1, 2), participants: participants(1, 2, 3), services: services(3, 6) };
    const cases: [string, string, ReturnType<typeof lists>][] = [
      ['admin', '', { types: types(1, 2, 3, 4, 5), users: users(1, 2, 3, 4, 5, 6), devices: devices(1, 2, 3), participants: participants(1, 2, 3, 4), services: services(1, 2, 3, 4, 5, 6, 7) }],
      ['admin', '&id_project=1', project1],
      ['admin', '&id=1', project1],
      [
        'admin',
        '&id_project=3',
        { types: [], users: users(1), devices: devices(1), participants: participants(4), services: services(3) },
      ],
      ['user3', '', { types: types(1, 2, 3, 4, 5), users: users(3, 4, 5), devices: devices(1, 2), participants: participants(1, 2, 3), services: services(3, 6) }],
      ['user3', '&id=1', project1],
      ['user3', '&id_project=2', { types: types(1, 2, 3, 4, 5), users: users(3, 4, 5), devices: devices(1, 2), participants: participants(1, 2, 3), services: services(3, 6) }],
      ['user', '&id_project=2', { types: types(5), users: users(1, 2, 3, 4), devices: [], participants: [], services: services(3) }],
      ['user4', '', { types: [], users: users(6), devices: [], participants: [], services: [] }],
      ['user4', '&id=1', { types: [], users: users(6), devices: [], participants: [], services: [] }],
      ['user4', '&id_project=1', { types: [], users: users(6), devices: [], participants: [], services: [] }],
    ];
    for (const [user, context, expected] of cases) t.same(lists(await form(t, `?type=session${context}`, user)), expected, `${user} ${context}`);
  });

  t.test('given a session of a type its project does not have, then its own type is still offered', async (t) => {
    const context = server.core.commandContext({ actor: { kind: 'system', uuid: 'test' }, correlationId: 'test' });
    const created = await createSessionCommand(context, {
      typeId: 5,
      name: 'Other type',
      startDatetime: '2024-01-01T10:00:00.000Z',
      duration: 60,
      status: 2,
      comments: null,
      parameters: null,
      creators: { userId: 1, deviceId: null, participantId: null, serviceId: null },
      participants: [1],
      users: [],
      devices: [],
    });
    t.ok(await server.core.runner.waitFor(created.position!, 5000), 'read models caught up');
    const f = await form(t, `?type=session&id=${created.id}`);
    t.same(valuesOf(f, 'id_session_type'), [...types(1, 2, 3, 4), '5:FileTransfer'], "project 1's types, then the session's own");
    t.same(valuesOf(await form(t, `?type=session&id=${created.id}`, 'user4'), 'id_session_type'), [], 'not for one who cannot reach the session');
  });

  t.test('given OpenTeraPlus older than 1.3, then the 2FA fields are hidden', async (t) => {
    const without2fa = ['user_force_password_change', 'user_2fa_enabled', 'site_2fa_required'];
    const cases: [Record<string, string>, boolean][] = [
      [{ 'X-Client-Name': 'OpenTeraPlus', 'X-Client-Version': '1.2.9' }, false],
      [{ 'X-Client-Name': 'OpenTeraPlus', 'X-Client-Version': '1' }, false],
      [{ 'X-Client-Name': 'OpenTeraPlus', 'X-Client-Version': '1.3.0' }, true],
      [{ 'X-Client-Name': 'OpenTeraPlus', 'X-Client-Version': '2.0' }, true],
      [{ 'X-Client-Name': 'OpenTeraPlus', 'X-Client-Version': 'x.y' }, true],
      [{ 'X-Client-Name': 'OpenTeraPlus' }, true],
      [{ 'X-Client-Name': 'Other', 'X-Client-Version': '1.0' }, true],
    ];
    for (const [headers, shown] of cases) {
      for (const type of ['user', 'site']) {
        const f = await form(t, `?type=${type}`, 'admin', headers);
        t.same(shapeOf(f), expectedShape(type, shown ? [] : without2fa), `${type} ${JSON.stringify(headers)}: 2FA fields ${shown ? 'shown' : 'hidden'}`);
      }
    }
  });

  t.test('given a client that prefers French, then OpenTera\'s French labels', async (t) => {
    const fr = { 'Accept-Language': 'fr-CA,fr;q=0.9' };
    const user = await form(t, '?type=user', 'admin', fr);
    t.equal(user.sections[0]!.label, 'Information');
    t.equal(itemOf(user, 'user_username').label, 'Code utilisateur');
    t.equal(itemOf(user, 'user_superadmin').label, 'Utilisateur est Super Administrateur');
    const session = await form(t, '?type=session', 'admin', fr);
    t.same(valuesOf(session, 'session_status'), ['0:Planifiée', '1:En cours', '2:Complétée', '3:Annulée', '4:Interrompue']);
    t.equal(itemOf(session, 'id_creator_device').label, "ID de l'appareil qui a créé la séance");
    t.same(valuesOf(await form(t, '?type=session_type', 'admin', fr), 'session_type_category'), ['1:Service', '2:Collecte de données', '3:Transfert de fichiers', '4:Protocole']);
    t.same(valuesOf(await form(t, '?type=device', 'admin', fr), 'id_device_type'), DEVICE_TYPES, 'names without a French entry stay');
    const versions = await form(t, '?type=versions', 'admin', fr);
    t.equal(itemOf(versions, 'version_string').label, 'Version OpenTeraServer');
    t.equal(itemOf(await form(t, '?type=participant', 'admin', fr), 'id_project').label, 'ID Projet');
    t.same(shapeOf(await form(t, '?type=device', 'admin', fr)), expectedShape('device'), 'the ids do not change');
    t.equal(itemOf(await form(t, '?type=user', 'admin'), 'user_username').label, 'Username', 'English by default');
  });

  t.test('given bad requests, then 400 with OpenTera\'s messages', async (t) => {
    const cases: [string, string, number, string][] = [
      ['', 'admin', 400, 'Missing arguments'],
      ['?type=', 'admin', 400, 'Missing arguments'],
      ['?id=0', 'admin', 400, 'Missing arguments'],
      ['?id=1', 'admin', 400, 'Missing type'],
      ['?id_project=1&key=x', 'user4', 400, 'Missing type'],
      ['?type=unknown', 'admin', 400, 'Unknown form type: unknown'],
      ['?type=&id=1', 'admin', 400, 'Unknown form type: '],
      ['?type=toString', 'admin', 400, 'Unknown form type: toString'],
      ['?type=session_type_config', 'admin', 400, 'Missing session type id'],
      ['?type=session_type_config&id=0', 'admin', 400, 'Missing session type id'],
      ['?type=session_type_config&id=99', 'admin', 400, 'Unknown form type: session_type_config'],
      ['?type=session_type_config&id=2', 'user4', 400, 'Unknown form type: session_type_config'],
      ['?type=session_type_config&id=1', 'admin', 408, 'No reply from service while querying session type config'],
      ['?type=service_config&id=12', 'admin', 400, 'Invalid service specified'],
      ['?type=service_config&key=nope', 'admin', 400, 'Invalid service specified'],
    ];
    for (const [query, user, status, message] of cases) {
      const { status: got, body } = await get(query, user);
      t.equal(got, status, `${query} as ${user}`);
      t.equal(body, message, `${query} as ${user}`);
    }
    const { status, body } = await get('?type=unknown', 'admin', { 'Accept-Language': 'fr' });
    t.equal(status, 400);
    t.equal(body, 'Formulaire inconnu: unknown');
    t.equal((await get('?type=user&id=abc')).status, 400, 'a non-integer id');
  });

  t.test('given no or bad credentials, then 401; other methods 405', async (t) => {
    t.equal((await server.request('/api/user/forms?type=user')).status, 401);
    t.equal((await server.request('/api/user/forms?type=user', { basic: 'admin:nope' })).status, 401);
    t.equal((await server.request('/api/user/forms?type=user', { token: 'invalid' })).status, 401);
    const token = await server.login('user4');
    t.equal((await server.request('/api/user/forms?type=user', { token })).status, 200, 'a token works');
    for (const method of ['POST', 'DELETE']) t.equal((await server.request('/api/user/forms', { method })).status, 405, method);
  });
});
