// Decisions refuse with a DomainError; the HTTP edge maps each kind to its status code.
export type DomainErrorKind = 'not-found' | 'forbidden' | 'conflict' | 'invalid';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
  }
}
