// Declarations of the personal data that events carry. The event codec encrypts each declared field with
// its subject's key (crypto-shredding): erasing a subject deletes the key and the field then reads as null.

export interface PersonalDataField {
  /** Top-level key of the event's data. */
  field: string;
  /** The person the value belongs to, as a stream id; defaults to the event's own stream. */
  subject?: (data: Record<string, unknown>, streamId: string) => string;
}

/** Event type -> its personal-data fields. Secrets (password hashes, TOTP secrets) count as personal data. */
export type PersonalDataDeclarations = Readonly<Record<string, readonly PersonalDataField[]>>;

export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

/** Appended to the subject's stream when its key is deleted; every projector drops the subject's data. */
export interface PersonalDataErased {
  type: typeof PERSONAL_DATA_ERASED;
  data: { subject: string };
}
