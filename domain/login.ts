// Logins are facts too: each success and failure of an authentication is an event of the stream
// `userLogin-<user uuid>`, `participantLogin-<participant uuid>` or `deviceLogin-<device uuid>` (the logging
// service reads them). Failures for unknown usernames carry no name.
export type LoginFailureReason = 'wrong_password' | 'disabled_account' | 'max_attempts_reached' | 'invalid_token' | 'invalid_otp' | 'unknown_user';

export interface LoginClient {
  clientName?: string;
  clientVersion?: string;
  osName?: string;
  osVersion?: string;
  endpoint: string;
}

export type LoginEvent =
  | { type: 'UserLoggedIn'; data: LoginClient & { method: 'password' | '2fa' } }
  | { type: 'UserLoginFailed'; data: LoginClient & { reason: LoginFailureReason } };

/** How a participant or device proved who it is (OpenTera's login event types). */
export type LoginMethod = 'password' | 'token' | 'certificate';

export type PartyLoginEvent =
  | { type: 'ParticipantLoggedIn'; data: LoginClient & { method: LoginMethod } }
  | { type: 'ParticipantLoginFailed'; data: LoginClient & { reason: LoginFailureReason | 'already_logged_in' } }
  | { type: 'DeviceLoggedIn'; data: LoginClient & { method: LoginMethod } }
  | { type: 'DeviceLoginFailed'; data: LoginClient & { reason: LoginFailureReason | 'already_logged_in' } };

export const userLoginCategory = 'userLogin';
export const participantLoginCategory = 'participantLogin';
export const deviceLoginCategory = 'deviceLogin';
/** Failures that name no known user share one stream. */
export const unknownUserLoginStream = 'userLogin-unknown';
