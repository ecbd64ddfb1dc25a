// OpenTera's password policy for users (OpenTera domain.md 6.1): the reasons a password is refused, in
// OpenTera's order and words. Participants' passwords have no policy.
const SPECIAL = new Set(" !#$%&'()*+,-./[\\]^_`{|}~\"");

export function passwordWeaknesses(password: string): string[] {
  const reasons: string[] = [];
  if (password.length < 10) reasons.push('Password not long enough (10 characters)');
  if (!/[0-9]/.test(password)) reasons.push('Password missing numeric character');
  if (!/[A-Z]/.test(password)) reasons.push('Password missing upper case letter');
  if (!/[a-z]/.test(password)) reasons.push('Password missing lower case letter');
  if (![...password].some((c) => SPECIAL.has(c))) reasons.push('Password missing special character');
  return reasons;
}
