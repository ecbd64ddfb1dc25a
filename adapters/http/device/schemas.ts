// OpenAPI shapes of the device JSON (OpenTera's A.3) as the participant and device APIs answer it.
import { Type, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const MinimalDevice = Type.Object({
  id_device: Type.Integer(),
  device_uuid: Type.String({ format: 'uuid' }),
  device_name: Nullable(Type.String()),
  id_device_type: Type.Integer(),
  id_device_subtype: Nullable(Type.Integer()),
  device_enabled: Type.Boolean(),
});

/** What a participant sees of its devices: the full JSON without the device's token. */
export const LinkedDevice = Type.Composite([
  MinimalDevice,
  Type.Object({
    device_onlineable: Type.Boolean(),
    device_config: Nullable(Type.String()),
    device_infos: Nullable(Type.String()),
    device_notes: Nullable(Type.String()),
    device_lastonline: Nullable(Type.String({ description: 'ISO 8601' })),
  }),
]);

/** A device's own full JSON, its token included. */
export const FullDevice = Type.Composite([LinkedDevice, Type.Object({ device_token: Type.String() })]);

/** OpenTera's minimal session type JSON (api-participant-device-service.md A.6). */
export const SessionTypesInfo = Type.Array(
  Type.Object({
    id_session_type: Type.Integer(),
    id_service: Nullable(Type.Integer()),
    session_type_name: Type.String(),
    session_type_color: Type.String(),
    session_type_category: Type.Integer(),
  }),
);
