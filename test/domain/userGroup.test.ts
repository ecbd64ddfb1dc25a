import t from 'tap';
import {
  createUserGroup,
  deleteUserGroup,
  grantProjectRole,
  grantSiteRole,
  renameUserGroup,
  revokeProjectRole,
  revokeSiteRole,
  userGroup,
  type UserGroupEvent,
  type UserGroupState,
} from '../../domain/userGroup.js';
import { deciderSpec } from '../helpers/decider.js';

const command = { id: 3, uuid: '9a4e0b7c-0000-4000-8000-000000000003', name: 'Admins - Default Site' };
const created: UserGroupEvent = { type: 'UserGroupCreated', data: command };
const deleted: UserGroupEvent = { type: 'UserGroupDeleted', data: {} };
// Grants as in OpenTera's test defaults (domain.md 3.2): access id, role id, scope, role name.
const site1Admin = { accessId: 3, roleId: 13, siteId: 1, role: 'admin' } as const;
const site1User = { accessId: 30, roleId: 14, siteId: 1, role: 'user' } as const;
const project1User = { accessId: 1, roleId: 18, projectId: 1, role: 'user' } as const;
const project1Admin = { accessId: 4, roleId: 17, projectId: 1, role: 'admin' } as const;
const project2User = { accessId: 2, roleId: 20, projectId: 2, role: 'user' } as const;
const grantedSite = (data: { accessId: number; roleId: number; siteId: number; role: 'admin' | 'user' }): UserGroupEvent => ({ type: 'UserGroupGrantedSiteRole', data });
const grantedProject = (data: { accessId: number; roleId: number; projectId: number; role: 'admin' | 'user' }): UserGroupEvent => ({
  type: 'UserGroupGrantedProjectRole',
  data,
});
const renamed = (name: string): UserGroupEvent => ({ type: 'UserGroupRenamed', data: { name } });
const revokedSite = (siteId: number): UserGroupEvent => ({ type: 'UserGroupRevokedSiteRole', data: { siteId } });
const revokedProject = (projectId: number): UserGroupEvent => ({ type: 'UserGroupRevokedProjectRole', data: { projectId } });
const active: UserGroupState = { status: 'active', id: 3, name: 'Admins - Default Site', siteRoles: {}, projectRoles: {} };

t.equal(userGroup.category, 'userGroup', 'streams are userGroup-<uuid>');

t.test('createUserGroup', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, []).when((s) => createUserGroup(s, command)).then([created], 'given no group, when created, then UserGroupCreated');
  given(userGroup, [])
    .when((s) => createUserGroup(s, { ...command, name: '\tAdmins - Default Site ' }))
    .then([created], 'the name is trimmed');
  given(userGroup, []).when((s) => createUserGroup(s, { ...command, name: '' })).thenThrows('invalid', 'an empty name is refused');
  given(userGroup, []).when((s) => createUserGroup(s, { ...command, name: '   ' })).thenThrows('invalid', 'a blank name is refused');
  given(userGroup, [created]).when((s) => createUserGroup(s, command)).thenThrows('conflict', 'an existing group cannot be created again');
  given(userGroup, [created, deleted]).when((s) => createUserGroup(s, command)).thenThrows('conflict', 'nor can a deleted one');
  t.end();
});

t.test('grantSiteRole', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created]).when((s) => grantSiteRole(s, site1Admin)).then([grantedSite(site1Admin)], 'a site role is granted');
  given(userGroup, [created, grantedSite(site1User)])
    .when((s) => grantSiteRole(s, site1Admin))
    .then([grantedSite(site1Admin)], 'user on a site can be raised to admin');
  given(userGroup, [created, grantedSite(site1Admin)])
    .when((s) => grantSiteRole(s, site1User))
    .then([grantedSite(site1User)], 'admin on a site can be lowered to user');
  given(userGroup, [created, grantedSite(site1Admin)])
    .when((s) => grantSiteRole(s, { ...site1User, siteId: 2, roleId: 16 }))
    .then([grantedSite({ ...site1User, siteId: 2, roleId: 16 })], 'a role on another site is granted');
  given(userGroup, [created, grantedProject(project1Admin)])
    .when((s) => grantSiteRole(s, site1Admin))
    .then([grantedSite(site1Admin)], 'a project role does not stand for a site role');
  t.end();
});

t.test('grantProjectRole', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created]).when((s) => grantProjectRole(s, project1User)).then([grantedProject(project1User)], 'a project role is granted');
  given(userGroup, [created, grantedProject(project1User)])
    .when((s) => grantProjectRole(s, project2User))
    .then([grantedProject(project2User)], 'a role on a second project is granted');
  given(userGroup, [created, grantedProject(project1User)])
    .when((s) => grantProjectRole(s, project1Admin))
    .then([grantedProject(project1Admin)], 'user on a project can be raised to admin');
  given(userGroup, [created, grantedSite(site1Admin)])
    .when((s) => grantProjectRole(s, { ...project1User, projectId: 1 }))
    .then([grantedProject(project1User)], 'a site role with the same id does not stand for a project role');
  t.end();
});

t.test('grants are idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created, grantedSite(site1Admin)]).when((s) => grantSiteRole(s, site1Admin)).then([], 'the same site role emits nothing');
  given(userGroup, [created, grantedSite(site1Admin)])
    .when((s) => grantSiteRole(s, { ...site1Admin, accessId: 99 }))
    .then([], 'whatever the access id');
  given(userGroup, [created, grantedProject(project1User)]).when((s) => grantProjectRole(s, project1User)).then([], 'the same project role emits nothing');
  given(userGroup, [created, grantedProject(project1User), grantedProject(project1Admin)])
    .when((s) => grantProjectRole(s, project1Admin))
    .then([], 'the latest role counts');
  t.end();
});

t.test('grant refusals', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, []).when((s) => grantSiteRole(s, site1Admin)).thenThrows('not-found', 'an absent group gets no site role');
  given(userGroup, []).when((s) => grantProjectRole(s, project1User)).thenThrows('not-found', 'an absent group gets no project role');
  given(userGroup, [created, deleted]).when((s) => grantSiteRole(s, site1Admin)).thenThrows('not-found', 'a deleted group gets no site role');
  given(userGroup, [created, deleted]).when((s) => grantProjectRole(s, project1User)).thenThrows('not-found', 'a deleted group gets no project role');
  given(userGroup, [created, grantedSite(site1Admin), deleted])
    .when((s) => grantSiteRole(s, site1Admin))
    .thenThrows('not-found', 'a deleted group is refused even a grant it already holds');
  t.end();
});

t.test('renameUserGroup', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created]).when((s) => renameUserGroup(s, 'Therapists')).then([renamed('Therapists')], 'a new name emits UserGroupRenamed');
  given(userGroup, [created]).when((s) => renameUserGroup(s, '  Therapists\t')).then([renamed('Therapists')], 'the new name is trimmed');
  given(userGroup, [created, renamed('Therapists')])
    .when((s) => renameUserGroup(s, 'Admins - Default Site'))
    .then([renamed('Admins - Default Site')], 'a group can take back its former name');
  t.end();
});

t.test('renameUserGroup is idempotent', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created]).when((s) => renameUserGroup(s, 'Admins - Default Site')).then([], 'the same name emits nothing');
  given(userGroup, [created]).when((s) => renameUserGroup(s, ' Admins - Default Site ')).then([], 'nor does the same name once trimmed');
  given(userGroup, [created, renamed('Therapists')]).when((s) => renameUserGroup(s, 'Therapists')).then([], 'the latest name counts');
  t.end();
});

t.test('renameUserGroup refusals', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created]).when((s) => renameUserGroup(s, '')).thenThrows('invalid', 'an empty name is refused');
  given(userGroup, [created]).when((s) => renameUserGroup(s, ' \t ')).thenThrows('invalid', 'a blank name is refused');
  given(userGroup, []).when((s) => renameUserGroup(s, 'G')).thenThrows('not-found', 'an absent group cannot be renamed');
  given(userGroup, [created, deleted]).when((s) => renameUserGroup(s, 'G')).thenThrows('not-found', 'a deleted group cannot be renamed');
  t.end();
});

t.test('revokeSiteRole', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created, grantedSite(site1Admin)]).when((s) => revokeSiteRole(s, 1)).then([revokedSite(1)], 'a site role held is revoked');
  given(userGroup, [created, grantedSite(site1User), grantedSite({ ...site1User, siteId: 2 })])
    .when((s) => revokeSiteRole(s, 2))
    .then([revokedSite(2)], 'one site among several');
  given(userGroup, [created, grantedSite(site1Admin)]).when((s) => revokeSiteRole(s, 2)).then([], 'a site role not held emits nothing');
  given(userGroup, [created, grantedSite(site1Admin), revokedSite(1)]).when((s) => revokeSiteRole(s, 1)).then([], 'a site role already revoked emits nothing');
  given(userGroup, [created, grantedProject(project1User)]).when((s) => revokeSiteRole(s, 1)).then([], 'a project role with the same id is not a site role');
  given(userGroup, []).when((s) => revokeSiteRole(s, 1)).thenThrows('not-found', 'an absent group');
  given(userGroup, [created, grantedSite(site1Admin), deleted]).when((s) => revokeSiteRole(s, 1)).thenThrows('not-found', 'a deleted group, even for a role it held');
  t.end();
});

t.test('revokeProjectRole', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created, grantedProject(project1User)]).when((s) => revokeProjectRole(s, 1)).then([revokedProject(1)], 'a project role held is revoked');
  given(userGroup, [created, grantedProject(project1User), grantedProject(project2User)])
    .when((s) => revokeProjectRole(s, 2))
    .then([revokedProject(2)], 'one project among several');
  given(userGroup, [created, grantedProject(project1User)]).when((s) => revokeProjectRole(s, 2)).then([], 'a project role not held emits nothing');
  given(userGroup, [created, grantedProject(project1User), revokedProject(1)])
    .when((s) => revokeProjectRole(s, 1))
    .then([], 'a project role already revoked emits nothing');
  given(userGroup, [created, grantedSite(site1Admin)]).when((s) => revokeProjectRole(s, 1)).then([], 'a site role with the same id is not a project role');
  given(userGroup, []).when((s) => revokeProjectRole(s, 1)).thenThrows('not-found', 'an absent group');
  given(userGroup, [created, grantedProject(project1User), deleted])
    .when((s) => revokeProjectRole(s, 1))
    .thenThrows('not-found', 'a deleted group, even for a role it held');
  t.end();
});

t.test('deleteUserGroup', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, [created]).when((s) => deleteUserGroup(s)).then([deleted], 'a group is deleted');
  given(userGroup, [created, grantedSite(site1Admin), grantedProject(project1User)]).when((s) => deleteUserGroup(s)).then([deleted], 'roles and all');
  given(userGroup, []).when((s) => deleteUserGroup(s)).thenThrows('not-found', 'an absent group cannot be deleted');
  given(userGroup, [created, deleted]).when((s) => deleteUserGroup(s)).thenThrows('not-found', 'a deleted group cannot be deleted again');
  t.end();
});

t.test('evolve', (t) => {
  const { given } = deciderSpec(t);
  given(userGroup, []).thenState({ status: 'absent' }, 'initially absent');
  given(userGroup, [created]).thenState(active, 'UserGroupCreated: active, no roles');
  given(userGroup, [created, { type: 'UserGroupRenamed', data: { name: 'G' } }]).thenState({ ...active, name: 'G' }, 'UserGroupRenamed: new name');
  given(userGroup, [created, grantedSite(site1Admin), grantedSite({ ...site1User, siteId: 2 })]).thenState(
    { ...active, siteRoles: { 1: 'admin', 2: 'user' } },
    'UserGroupGrantedSiteRole: role by site',
  );
  given(userGroup, [created, grantedSite(site1User), grantedSite(site1Admin)]).thenState(
    { ...active, siteRoles: { 1: 'admin' } },
    'UserGroupGrantedSiteRole again: the latest role replaces the former',
  );
  given(userGroup, [created, grantedProject(project1User), grantedProject(project2User)]).thenState(
    { ...active, projectRoles: { 1: 'user', 2: 'user' } },
    'UserGroupGrantedProjectRole: role by project',
  );
  given(userGroup, [created, grantedProject(project1User), grantedProject(project1Admin)]).thenState(
    { ...active, projectRoles: { 1: 'admin' } },
    'UserGroupGrantedProjectRole again: the latest role replaces the former',
  );
  given(userGroup, [created, grantedSite(site1Admin), grantedProject(project1User)]).thenState(
    { ...active, siteRoles: { 1: 'admin' }, projectRoles: { 1: 'user' } },
    'site and project roles are kept apart',
  );
  given(userGroup, [created, grantedSite(site1Admin), grantedSite({ ...site1User, siteId: 2 }), revokedSite(1)]).thenState(
    { ...active, siteRoles: { 2: 'user' } },
    'UserGroupRevokedSiteRole: only that site goes',
  );
  given(userGroup, [created, grantedSite(site1Admin), grantedProject(project1User), revokedSite(1)]).thenState(
    { ...active, projectRoles: { 1: 'user' } },
    'UserGroupRevokedSiteRole leaves the project with the same id',
  );
  given(userGroup, [created, grantedProject(project1User), grantedProject(project2User), revokedProject(1)]).thenState(
    { ...active, projectRoles: { 2: 'user' } },
    'UserGroupRevokedProjectRole: only that project goes',
  );
  given(userGroup, [created, grantedSite(site1Admin), grantedProject(project1User), revokedProject(1)]).thenState(
    { ...active, siteRoles: { 1: 'admin' } },
    'UserGroupRevokedProjectRole leaves the site with the same id',
  );
  given(userGroup, [created, revokedSite(1), revokedProject(1)]).thenState(active, 'revoking roles not held changes nothing');
  given(userGroup, [created, grantedSite(site1Admin), revokedSite(1), grantedSite(site1User)]).thenState(
    { ...active, siteRoles: { 1: 'user' } },
    'a revoked role can be granted again',
  );
  given(userGroup, [created, renamed('G'), deleted]).thenState({ ...active, status: 'deleted', name: 'G' }, 'UserGroupDeleted keeps the latest name');
  given(userGroup, [created, grantedSite(site1Admin), deleted]).thenState(
    { ...active, status: 'deleted', siteRoles: { 1: 'admin' } },
    'UserGroupDeleted: deleted, keeping its last facts',
  );
  given(userGroup, [grantedSite(site1Admin), deleted]).thenState({ status: 'absent' }, 'events before UserGroupCreated leave the group absent');
  given(userGroup, [renamed('G'), revokedSite(1), revokedProject(1)]).thenState({ status: 'absent' }, 'so do renames and revocations');
  t.end();
});

t.test('evolve does not mutate the state it is given', (t) => {
  const before = [created, grantedSite(site1Admin), grantedProject(project1User)].reduce(userGroup.evolve, userGroup.initial);
  const snapshot = structuredClone(before);
  for (const event of [grantedSite({ ...site1User, siteId: 2 }), revokedSite(1), grantedProject(project2User), revokedProject(1), renamed('G'), deleted]) {
    userGroup.evolve(before, event);
  }
  t.strictSame(before, snapshot, 'role maps are copied, never changed in place');
  t.end();
});
