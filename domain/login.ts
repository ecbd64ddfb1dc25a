// Logins are facts too: each success and failure of a user's authentication is an event of the stream
// `userLogin-<user uuid>` (the logging service reads them). Failures for unknown usernames carry no name.
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

export const userLoginCategory = 'userLogin';
/** Failures that name no known user share one stream. */
export const unknownUserLoginStream = 'userLogin-unknown';
