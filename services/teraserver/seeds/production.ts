// OpenTera's production defaults (OpenTera domain.md 3.1): the system services, site 1 "Default Site" (roles 9
// and 10, after the system services' roles 1 to 8) and the superadmin admin/admin, who must change the password
// at first login.
import type { CommandContext } from '../../../commands/context.js';
import type { Position } from '../../../commands/eventStore.js';
import { createSiteCommand } from '../../../commands/sites.js';
import { createUserCommand } from '../../../commands/users.js';
import { advanceSequences } from './sequences.js';
import { PRODUCTION_SERVICES, registerServices } from './services.js';

export async function seedProduction(context: CommandContext): Promise<Position | undefined> {
  let last: Position | undefined;
  await registerServices(context, PRODUCTION_SERVICES, (p) => (last = p ?? last));
  await createSiteCommand(context, 'system', { name: 'Default Site' }, { id: 1, adminRoleId: 9, userRoleId: 10 });
  const admin = await createUserCommand(context, {
    id: 1,
    username: 'admin',
    password: 'admin',
    firstname: 'Super',
    lastname: 'Admin',
    email: 'admin@opentera.org',
    enabled: true,
    profile: '',
    notes: null,
    superadmin: true,
    forcePasswordChange: true,
  });
  await advanceSequences(context, { site: 1, user: 1, service_role: 10, service: PRODUCTION_SERVICES.length });
  return admin.position ?? last;
}
