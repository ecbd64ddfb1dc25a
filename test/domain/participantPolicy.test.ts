// Participant and participant-group policy (OpenTera api-user-1.md sections 15 and 16, domain.md 2.3): who
// reads, writes and deletes, for each user of OpenTera's test data; where a POST puts a participant; and
// OpenTera's delete refusals.
import t from 'tap';
import type { Requester } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import {
  MISMATCH,
  NO_PROJECT,
  participantDeleteRefusal,
  participantGroupDeleteRefusal,
  participantGroupPolicy,
  participantPolicy,
  placeParticipant,
  type ParticipantDeleteFacts,
} from '../../domain/participantPolicy.js';
import { effectiveRoles, type Role } from '../../domain/roles.js';
import { groups, projectsOfSite, siteOfProject, users, type UserName } from '../helpers/openteraDefaults.js';

const projectRole = (name: UserName, projectId: number): Role | undefined =>
  effectiveRoles(
    users[name].groups.map((g) => groups[g]),
    siteOfProject,
    projectsOfSite,
  ).projects.get(projectId)?.role;
const requester = (name: UserName): Requester => {
  const { id, uuid, superadmin } = users[name];
  return { id, uuid, superadmin };
};
const everyone: UserName[] = ['admin', 'siteadmin', 'user', 'user2', 'user3', 'user4'];

function allowed(rule: (requester: Requester, role: Role | undefined) => boolean): Record<UserName, number[]> {
  return Object.fromEntries(everyone.map((name) => [name, [1, 2, 3].filter((id) => rule(requester(name), projectRole(name, id)))])) as Record<UserName, number[]>;
}

t.test('given the test data\'s users, then who reads and writes participants, by project', (t) => {
  const anyRole = { admin: [1, 2, 3], siteadmin: [1, 2], user: [1, 2], user2: [1, 2], user3: [1], user4: [] };
  t.same(allowed(participantPolicy.canRead), anyRole, 'any role reads (and gets the static token)');
  t.same(allowed(participantPolicy.canWrite), anyRole, 'any role writes, as OpenTera despite its message');
  t.same(allowed(participantPolicy.canDelete), { admin: [1, 2, 3], siteadmin: [1, 2], user: [], user2: [1, 2], user3: [1], user4: [] }, 'project admins delete');
  t.end();
});

t.test('given the test data\'s users, then who reads and writes participant groups, by project', (t) => {
  t.same(allowed(participantGroupPolicy.canRead), { admin: [1, 2, 3], siteadmin: [1, 2], user: [1, 2], user2: [1, 2], user3: [1], user4: [] });
  const admins = { admin: [1, 2, 3], siteadmin: [1, 2], user: [], user2: [1, 2], user3: [1], user4: [] };
  t.same(allowed(participantGroupPolicy.canWrite), admins, 'project admins write');
  t.same(allowed(participantGroupPolicy.canDelete), admins, 'project admins delete');
  t.end();
});

function refusal(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? `${error.kind}: ${error.message}` : String(error);
  }
}

t.test('placeParticipant: a new participant', (t) => {
  const group = { id: 7, projectId: 2 };
  t.same(placeParticipant({ projectId: 1 }, undefined, undefined), { projectId: 1, groupId: null }, 'a project, no group');
  t.same(placeParticipant({ groupId: 7 }, group, undefined), { projectId: 2, groupId: 7 }, 'the group decides the project');
  t.same(placeParticipant({ projectId: 2, groupId: 7 }, group, undefined), { projectId: 2, groupId: 7 }, 'a matching project');
  t.same(placeParticipant({ projectId: 0, groupId: 7 }, group, undefined), { projectId: 2, groupId: 7 }, 'project 0 counts as absent');
  t.same(placeParticipant({ projectId: 1, groupId: 0 }, undefined, undefined), { projectId: 1, groupId: null }, 'group 0: none');
  t.same(placeParticipant({ projectId: 1, groupId: null }, undefined, undefined), { projectId: 1, groupId: null }, 'group null: none');
  t.equal(refusal(() => placeParticipant({ projectId: 1, groupId: 7 }, group, undefined)), `invalid: ${MISMATCH}`);
  t.equal(refusal(() => placeParticipant({ projectId: 0 }, undefined, undefined)), `invalid: ${NO_PROJECT}`, 'no project at all');
  t.equal(refusal(() => placeParticipant({ groupId: 0 }, undefined, undefined)), `invalid: ${NO_PROJECT}`, 'no group and no project');
  t.equal(refusal(() => placeParticipant({ groupId: 7 }, undefined, undefined)), 'invalid: Participant group not found.', 'a group the caller did not find');
  t.end();
});

t.test('placeParticipant: an existing participant', (t) => {
  const current = { projectId: 1, groupId: 3 };
  t.same(placeParticipant({}, undefined, current), current, 'no key: it stays where it is');
  t.same(placeParticipant({ projectId: 1 }, undefined, current), current, 'its own project: it keeps its group');
  t.same(placeParticipant({ projectId: 0 }, undefined, current), current, 'project 0 counts as absent');
  t.same(placeParticipant({ projectId: 2 }, undefined, current), { projectId: 2, groupId: null }, 'another project: it leaves the old project\'s group');
  t.same(placeParticipant({ groupId: 0 }, undefined, current), { projectId: 1, groupId: null }, 'group 0: it leaves its group');
  t.same(placeParticipant({ groupId: 9 }, { id: 9, projectId: 2 }, current), { projectId: 2, groupId: 9 }, 'another group: its project too');
  t.equal(refusal(() => placeParticipant({ projectId: 1, groupId: 9 }, { id: 9, projectId: 2 }, current)), `invalid: ${MISMATCH}`);
  t.end();
});

t.test('delete refusals: OpenTera\'s reasons, in its order', (t) => {
  const none: ParticipantDeleteFacts = { sessions: 0, createdSessions: 0, assets: 0, tests: 0 };
  t.equal(participantDeleteRefusal(none), undefined, 'nothing attached: deletable');
  t.equal(participantDeleteRefusal({ ...none, sessions: 1, tests: 2 }), "Can't delete participant: please remove all related sessions beforehand.");
  t.equal(participantDeleteRefusal({ ...none, createdSessions: 1, assets: 1 }), "Can't delete participant: please remove all sessions created by this participant beforehand.");
  t.equal(participantDeleteRefusal({ ...none, assets: 1, tests: 1 }), "Can't delete participant: please remove all related assets beforehand.");
  t.equal(participantDeleteRefusal({ ...none, tests: 1 }), "Can't delete participant: please remove all related tests beforehand.");
  t.equal(participantGroupDeleteRefusal([]), undefined, 'an empty group');
  t.equal(participantGroupDeleteRefusal([none, none]), undefined);
  t.equal(participantGroupDeleteRefusal([none, { ...none, assets: 3 }]), "Can't delete participant group: please delete all sessions from all participants before deleting.", 'one participant is enough');
  t.end();
});
