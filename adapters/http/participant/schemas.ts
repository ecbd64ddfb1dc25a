// OpenAPI shapes of the participant JSON (OpenTera's A.2) as the participant and device APIs answer it.
import { Type, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const MinimalParticipant = Type.Object({
  id_participant: Type.Integer(),
  id_participant_group: Nullable(Type.Integer()),
  id_project: Type.Integer(),
  participant_uuid: Type.String({ format: 'uuid' }),
  participant_name: Nullable(Type.String()),
  participant_email: Nullable(Type.String()),
  participant_token_enabled: Type.Boolean(),
  participant_enabled: Type.Boolean(),
});

/** What a device sees of its participants: the full JSON without their credentials (username, static token). */
export const LinkedParticipant = Type.Composite([
  MinimalParticipant,
  Type.Object({
    participant_login_enabled: Type.Boolean(),
    participant_lastonline: Nullable(Type.String({ description: 'ISO 8601' })),
    participant_project_enabled: Type.Boolean(),
  }),
]);

export const FullParticipant = Type.Composite([
  LinkedParticipant,
  Type.Object({
    participant_username: Nullable(Type.String()),
    participant_token: Nullable(Type.String({ description: 'The static token, while it is enabled' })),
  }),
]);

export const ParticipantNameAndUuid = Type.Object({ participant_name: Nullable(Type.String()), participant_uuid: Type.String({ format: 'uuid' }) });
