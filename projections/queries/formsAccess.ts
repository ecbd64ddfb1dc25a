// The associated project of a session (OpenTera's `TeraSession.get_associated_project_id`): the project of
// its first live participant, else of its creator participant, else none. The session form offers that
// project's lists.
import type { ExpressionBuilder } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are declared in schema.ts
type Eb = ExpressionBuilder<any, any>;

/** The associated project of the session whose columns are in alias `alias` (null when it has none). */
export function associatedProject(eb: Eb, alias = 's') {
  const firstParticipant = eb
    .selectFrom('sessions_participants as ap_sp')
    .innerJoin('participants as ap_p', 'ap_p.id_participant', 'ap_sp.id_participant')
    .select('ap_p.id_project')
    .whereRef('ap_sp.id_session', '=', `${alias}.id_session`)
    .where('ap_p.deleted_at', 'is', null)
    .orderBy('ap_p.id_participant')
    .limit(1);
  const creator = eb
    .selectFrom('participants as ap_c')
    .select('ap_c.id_project')
    .whereRef('ap_c.id_participant', '=', `${alias}.id_creator_participant`)
    .where('ap_c.deleted_at', 'is', null);
  return eb.fn.coalesce(firstParticipant, creator);
}
