// OpenTera's services as its defaults register them (domain.md 3.1 and 3.2): the production set and the
// test set (which adds BureauActif and the robot service, and numbers VideoRehab 6 instead of 5).
import type { CommandContext } from '../../../commands/context.js';
import type { Position } from '../../../commands/eventStore.js';
import { registerServiceCommand } from '../../../commands/services.js';

export const OPENTERA_SERVER_UUID = '00000000-0000-0000-0000-000000000001';

export interface SeedService {
  id: number;
  key: string;
  name: string;
  port: number;
  clientEndpoint: string;
  user?: string;
  participant?: string;
  device?: string;
  system?: boolean;
  editableConfig?: boolean;
  hasAssets?: boolean;
  hasTests?: boolean;
}

const server: SeedService = { id: 1, key: 'OpenTeraServer', name: 'OpenTera Server', port: 4040, clientEndpoint: '/', user: '/user', participant: '/participant', device: '/device', system: true, editableConfig: true };
const logging: SeedService = { id: 2, key: 'LoggingService', name: 'Logging Service', port: 4041, clientEndpoint: '/log', system: true };
const fileTransfer: SeedService = { id: 3, key: 'FileTransferService', name: 'File Transfer Service', port: 4042, clientEndpoint: '/file', system: true, hasAssets: true };
const email: SeedService = { id: 4, key: 'EmailService', name: 'Email Service', port: 4043, clientEndpoint: '/mail', system: true };
const videoRehab: Omit<SeedService, 'id'> = { key: 'VideoRehabService', name: 'Télé-réadaptation vidéo', port: 4070, clientEndpoint: '/rehab', participant: '/participant', system: true, editableConfig: true };

export const PRODUCTION_SERVICES: SeedService[] = [server, logging, fileTransfer, email, { id: 5, ...videoRehab }];

export const TEST_SERVICES: SeedService[] = [
  server,
  logging,
  fileTransfer,
  email,
  { id: 5, key: 'BureauActif', name: 'Bureau Actif', port: 4050, clientEndpoint: '/bureau' },
  { id: 6, ...videoRehab },
  { id: 7, key: 'RobotTeleOperationService', name: 'Robot Teleoperation Service', port: 4080, clientEndpoint: '/robot', hasTests: true },
];

/** Registers the services (OpenTeraServer with its fixed uuid), answering their uuids by id. */
export async function registerServices(context: CommandContext, services: readonly SeedService[], track: (p: Position | undefined) => unknown): Promise<Map<number, string>> {
  const uuids = new Map<number, string>();
  for (const s of services) {
    const registered = await registerServiceCommand(context, {
      id: s.id,
      ...(s.key === server.key ? { uuid: OPENTERA_SERVER_UUID } : {}),
      key: s.key,
      name: s.name,
      hostname: '127.0.0.1',
      port: s.port,
      endpoint: '/',
      clientEndpoint: s.clientEndpoint,
      endpointUser: s.user ?? null,
      endpointParticipant: s.participant ?? null,
      endpointDevice: s.device ?? null,
      enabled: true,
      system: s.system ?? false,
      editableConfig: s.editableConfig ?? false,
      defaultConfig: '{}',
      hasAssets: s.hasAssets ?? false,
      hasTests: s.hasTests ?? false,
    });
    uuids.set(s.id, registered.uuid);
    track(registered.position);
  }
  return uuids;
}
