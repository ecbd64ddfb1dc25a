// A site: the top of OpenTera's hierarchy. Creating one also creates its OpenTeraServer `admin` and `user`
// roles, whose ids the creating event carries.
import { DomainError } from './errors.js';
import type { Aggregate } from './aggregate.js';

export type SiteEvent =
  | { type: 'SiteCreated'; data: { id: number; uuid: string; name: string; twoFactorRequired: boolean; adminRoleId: number; userRoleId: number } }
  | { type: 'SiteRenamed'; data: { name: string } }
  | { type: 'SiteTwoFactorRequirementChanged'; data: { required: boolean } }
  | { type: 'SiteDeleted'; data: Record<string, never> };

export type SiteState = { status: 'absent' } | { status: 'active' | 'deleted'; id: number; name: string; twoFactorRequired: boolean };

export const site: Aggregate<SiteState, SiteEvent> = {
  category: 'site',
  initial: { status: 'absent' },
  evolve(state, event) {
    switch (event.type) {
      case 'SiteCreated':
        return { status: 'active', id: event.data.id, name: event.data.name, twoFactorRequired: event.data.twoFactorRequired };
      case 'SiteRenamed':
        return state.status === 'absent' ? state : { ...state, name: event.data.name };
      case 'SiteTwoFactorRequirementChanged':
        return state.status === 'absent' ? state : { ...state, twoFactorRequired: event.data.required };
      case 'SiteDeleted':
        return state.status === 'absent' ? state : { ...state, status: 'deleted' };
    }
  },
};

export interface CreateSite {
  id: number;
  uuid: string;
  name: string;
  twoFactorRequired: boolean;
  adminRoleId: number;
  userRoleId: number;
}

export function createSite(state: SiteState, command: CreateSite): SiteEvent[] {
  if (state.status !== 'absent') throw new DomainError('conflict', 'Site already exists');
  const name = command.name.trim();
  if (name === '') throw new DomainError('invalid', 'Missing site_name');
  return [{ type: 'SiteCreated', data: { ...command, name } }];
}

export interface UpdateSite {
  name?: string;
  twoFactorRequired?: boolean;
}

/** Emits only what changes: an update that changes nothing emits nothing. */
export function updateSite(state: SiteState, command: UpdateSite): SiteEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid site');
  const events: SiteEvent[] = [];
  if (command.name !== undefined) {
    const name = command.name.trim();
    if (name === '') throw new DomainError('invalid', 'Missing site_name');
    if (name !== state.name) events.push({ type: 'SiteRenamed', data: { name } });
  }
  if (command.twoFactorRequired !== undefined && command.twoFactorRequired !== state.twoFactorRequired) {
    events.push({ type: 'SiteTwoFactorRequirementChanged', data: { required: command.twoFactorRequired } });
  }
  return events;
}

export function deleteSite(state: SiteState): SiteEvent[] {
  if (state.status !== 'active') throw new DomainError('not-found', 'Invalid site');
  return [{ type: 'SiteDeleted', data: {} }];
}
