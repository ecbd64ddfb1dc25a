// Who may do what, as pure functions over role facts read from the read models (OpenTera domain.md 2.3).
import type { Role } from './roles.js';

export interface Requester {
  id: number;
  uuid: string;
  superadmin: boolean;
}

export const sitePolicy = {
  canCreate: (requester: Requester) => requester.superadmin,
  canUpdate: (requester: Requester, siteRole: Role | undefined) => requester.superadmin || siteRole === 'admin',
  canDelete: (requester: Requester) => requester.superadmin,
};
