import t from 'tap';
import { passwordWeaknesses } from '../../domain/password.js';

// OpenTera's user password policy (api-user-2.md §27 "Password rules", domain.md 6.1).
const TOO_SHORT = 'Password not long enough (10 characters)';
const NO_DIGIT = 'Password missing numeric character';
const NO_UPPER = 'Password missing upper case letter';
const NO_LOWER = 'Password missing lower case letter';
const NO_SPECIAL = 'Password missing special character';

/** Every character that counts as special, and the punctuation that does not. */
const SPECIAL = [' ', '!', '#', '$', '%', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/', '[', '\\', ']', '^', '_', '`', '{', '|', '}', '~', '"'];
const NOT_SPECIAL = ['@', ':', ';', '<', '=', '>', '?'];

t.test('a valid password', (t) => {
  t.strictSame(passwordWeaknesses('Password12!'), [], 'ten characters or more, a digit, both cases and a special character');
  t.strictSame(passwordWeaknesses('Abcdefgh1!'), [], 'exactly 10 characters is long enough');
  t.strictSame(passwordWeaknesses('!1aA' + 'x'.repeat(200)), [], 'there is no upper limit');
  t.strictSame(passwordWeaknesses('a1B c2D e3F'), [], 'a space is the special character');
  t.end();
});

t.test('each reason alone', (t) => {
  t.strictSame(passwordWeaknesses('Abcdefg1!'), [TOO_SHORT], '9 characters are not long enough');
  t.strictSame(passwordWeaknesses('Abcdefghij!'), [NO_DIGIT], 'no digit');
  t.strictSame(passwordWeaknesses('abcdefgh1!'), [NO_UPPER], 'no upper case letter');
  t.strictSame(passwordWeaknesses('ABCDEFGH1!'), [NO_LOWER], 'no lower case letter');
  t.strictSame(passwordWeaknesses('Abcdefghi1'), [NO_SPECIAL], 'no special character');
  t.end();
});

t.test('reasons come in OpenTera order', (t) => {
  t.strictSame(passwordWeaknesses(''), [TOO_SHORT, NO_DIGIT, NO_UPPER, NO_LOWER, NO_SPECIAL], 'an empty password fails all five, in order');
  t.strictSame(passwordWeaknesses('abc'), [TOO_SHORT, NO_DIGIT, NO_UPPER, NO_SPECIAL], 'length, digit, upper case, special');
  t.strictSame(passwordWeaknesses('ABC'), [TOO_SHORT, NO_DIGIT, NO_LOWER, NO_SPECIAL], 'length, digit, lower case, special');
  t.strictSame(passwordWeaknesses('1234567890'), [NO_UPPER, NO_LOWER, NO_SPECIAL], 'digits only: upper case, lower case, special');
  t.strictSame(passwordWeaknesses('!!!!!!!!!!'), [NO_DIGIT, NO_UPPER, NO_LOWER], 'specials only: digit, upper case, lower case');
  t.strictSame(passwordWeaknesses('@@@@@@@@@@'), [NO_DIGIT, NO_UPPER, NO_LOWER, NO_SPECIAL], "'@' only: not even special");
  t.end();
});

t.test('the special characters', (t) => {
  for (const c of SPECIAL) {
    t.strictSame(passwordWeaknesses(`Abcdefghi1${c}`), [], `${JSON.stringify(c)} counts as special`);
  }
  for (const c of NOT_SPECIAL) {
    t.strictSame(passwordWeaknesses(`Abcdefghi1${c}`), [NO_SPECIAL], `${JSON.stringify(c)} does not count as special`);
  }
  t.strictSame(passwordWeaknesses('Abcdefghi1«§€'), [NO_SPECIAL], 'nor does punctuation outside the set');
  t.end();
});

t.test('the two lists cover all printable ASCII punctuation', (t) => {
  const punctuation = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => !/[0-9A-Za-z]/.test(c));
  t.strictSame([...SPECIAL, ...NOT_SPECIAL].sort(), punctuation.sort(), 'so every ASCII character is tested above');
  t.end();
});
