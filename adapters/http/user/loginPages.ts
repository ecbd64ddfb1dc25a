// The login pages that OpenTeraPlus opens in its embedded browser (and that any browser can use):
// /login, /login_change_password, /login_setup_2fa and /login_validate_2fa. Plain HTML forms with a little
// script and no external asset; they call the same endpoints as OpenTera's pages and, inside OpenTeraPlus,
// report to it through Qt's web channel (`qtObject`), as OpenTera's pages do.
import { Type } from '@sinclair/typebox';
import type { Context } from 'koa';
import type { ApiDeps } from '../deps.js';
import { translate } from '../i18n.js';
import { defineRoute, type AnyRoute } from '../routes.js';
import { currentLoginSession, LOGIN_SESSION_SECONDS } from './login.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A value for an inline script: JSON, with `<` escaped so that no string can close the script element. */
function scriptValue(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f8;color:#1d2733}
main{max-width:28rem;margin:8vh auto;padding:0 1rem}
.card{background:#fff;border:1px solid #d9dee5;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.card header{display:flex;justify-content:space-between;padding:.75rem 1rem;border-bottom:1px solid #e6e9ee;font-weight:600}
.card form,.card .body{padding:1rem}
label{display:block;margin:.5rem 0 .25rem;font-size:.9rem}
input[type=text],input[type=password]{width:100%;padding:.5rem .6rem;border:1px solid #b9c2cd;border-radius:.3rem;font-size:1rem}
input.code{font-size:1.4rem;letter-spacing:.3rem;text-align:center}
button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:.3rem;background:#1c64b4;color:#fff;font-size:1rem;cursor:pointer}
button:disabled{opacity:.6;cursor:wait}
.error{color:#b3261e;font-weight:600;margin-top:.75rem;min-height:1.2em}
.ok{color:#1e7b34;font-weight:600;margin-top:.75rem}
.qr{display:block;margin:0 auto .5rem;image-rendering:pixelated}
.secret{font-family:ui-monospace,monospace;word-break:break-all;font-size:.85rem;color:#445}
ol{padding-left:1.2rem}
`;

// What every page shares: OpenTera's `login_functions.js` in spirit. The web channel script is served by
// OpenTeraPlus itself (qrc:); in another browser it does not load, and `qtObject` stays undefined.
const COMMON_SCRIPT = `
let qtObject;
if (typeof QWebChannel !== 'undefined') new QWebChannel(qt.webChannelTransport, (channel) => { qtObject = channel.objects.qtObject; });
const $ = (id) => document.getElementById(id);
function go(url) { window.location.href = new URL(url, window.location.origin).toString(); }
function toLogin() { if (qtObject) qtObject.sendRedirectToLogin(); else go('/login'); }
function showError(text) { const e = $('error'); e.textContent = text; e.hidden = !text; }
function messageOf(body) { return typeof body === 'string' ? body : (body && body.message) || ''; }
async function call(method, url, fields, headers) {
  const options = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (fields && method !== 'GET') { options.body = new URLSearchParams(fields); }
  else if (fields) { url += '?' + new URLSearchParams(fields); }
  const response = await fetch(url, options);
  const text = await response.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* text */ }
  return { status: response.status, body };
}
function countdown(seconds) {
  const clock = $('time-left');
  let left = seconds;
  const tick = () => {
    clock.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    if (left-- <= 0) { clearInterval(timer); toLogin(); }
  };
  const timer = setInterval(tick, 1000);
  tick();
  return () => { left = seconds; };
}
function busy(form, on) { for (const b of form.querySelectorAll('button')) b.disabled = on; }
`;

function page(title: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<script src="qrc:///qtwebchannel/qwebchannel.js"></script>
<style>${STYLE}</style></head>
<body><main>${body}</main>
<script>${COMMON_SCRIPT}${script}</script>
</body></html>`;
}

function sendPage(ctx: Context, html: string): void {
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
  ctx.set('X-Content-Type-Options', 'nosniff');
  // The 2FA page may carry a code in its query: do not hand it to anyone else.
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.body = html;
}

function loginPage(ctx: Context, serverVersion: string): string {
  const t = (s: string) => escapeHtml(translate(ctx, s));
  return page(
    translate(ctx, 'OpenTera Login Page'),
    `<div class="card"><header>OpenTera</header>
<form id="form" autocomplete="on">
<label for="username">${t('Username')}</label><input type="text" id="username" name="username" autocomplete="username" required autofocus>
<label for="password">${t('Password')}</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">${t('Login')}</button>
<div class="error" id="error" role="alert" hidden></div><div class="ok" id="ok" hidden></div>
</form></div>`,
    `
const serverVersion = ${scriptValue(serverVersion)};
const texts = ${scriptValue({ invalid: translate(ctx, 'Invalid username or password'), loggedIn: translate(ctx, 'Logged in') })};
$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError('');
  const form = event.target;
  busy(form, true);
  try {
    const credentials = btoa(String.fromCharCode(...new TextEncoder().encode($('username').value + ':' + $('password').value)));
    const { status, body } = await call('GET', '/api/user/login', { with_websocket: 'true' }, {
      Authorization: 'Basic ' + credentials, 'X-Client-Name': 'OpenTera-Web-Client', 'X-Client-Version': serverVersion });
    if (status === 200 && body.redirect_url) {
      if (qtObject) {
        if (body.reason === '2fa') qtObject.sendCheckInProgress();
        if (body.reason === '2fa_setup') qtObject.sendSetupInProgress();
        if (body.reason === 'password_change') qtObject.sendPasswordChangeInProgress();
      }
      go(body.redirect_url);
      return;
    }
    if (status === 200) {
      if (qtObject) qtObject.sendLoginSuccess(body.user_token, body.websocket_url, body.user_uuid);
      const ok = $('ok'); ok.textContent = texts.loggedIn + ': ' + body.user_fullname; ok.hidden = false;
      return;
    }
    showError(status === 401 ? texts.invalid : messageOf(body));
    if (qtObject) qtObject.sendLoginFailure('Invalid username or password');
    $('username').focus();
  } finally { busy(form, false); }
});`,
  );
}

function changePasswordPage(ctx: Context, username: string): string {
  const t = (s: string) => escapeHtml(translate(ctx, s));
  return page(
    translate(ctx, 'OpenTera - Change Password'),
    `<div class="card"><header><span>${t('Password change required')} - ${escapeHtml(username)}</span><span id="time-left"></span></header>
<form id="form">
<input type="text" name="username" value="${escapeHtml(username)}" autocomplete="username" hidden>
<label for="new_password">${t('New Password')}</label><input type="password" id="new_password" name="new_password" autocomplete="new-password" required autofocus>
<label for="confirm_password">${t('Confirm Password')}</label><input type="password" id="confirm_password" name="confirm_password" autocomplete="new-password" required>
<button type="submit">${t('Change Password')}</button>
<div class="error" id="error" role="alert" hidden></div><div class="ok" id="ok" hidden></div>
</form></div>`,
    `
const texts = ${scriptValue({ changed: translate(ctx, 'Password successfully changed! Redirecting to login screen...') })};
const restart = countdown(${LOGIN_SESSION_SECONDS});
$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError('');
  const form = event.target;
  busy(form, true);
  const { status, body } = await call('POST', '/api/user/login/change_password', { new_password: $('new_password').value, confirm_password: $('confirm_password').value });
  restart();
  if (status === 200) {
    const ok = $('ok'); ok.textContent = texts.changed; ok.hidden = false;
    setTimeout(toLogin, 3000);
    return;
  }
  busy(form, false);
  if (status === 401) { toLogin(); return; }
  showError(messageOf(body));
});`,
  );
}

function setup2faPage(ctx: Context): string {
  const t = (s: string) => escapeHtml(translate(ctx, s));
  return page(
    translate(ctx, 'OpenTera Setup 2FA'),
    `<div class="card"><header><span>${t('You need to setup multi-factor authentication before continuing.')}</span><span id="time-left"></span></header>
<form id="form">
<ol><li>${t('Scan the QR code with your authenticator app')}</li><li>${t('Enter the generated code:')}</li></ol>
<img id="qr" class="qr" alt="QR code" hidden>
<div class="secret" id="secret"></div>
<input type="hidden" id="otp_secret" name="otp_secret">
<label for="otp_code">${t('Authentication code')}</label><input type="text" class="code" id="otp_code" name="otp_code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>
<button type="submit">${t('Validate')}</button>
<div class="error" id="error" role="alert" hidden></div>
</form></div>`,
    `
const restart = countdown(${LOGIN_SESSION_SECONDS});
(async () => {
  const { status, body } = await call('GET', '/api/user/login/setup_2fa');
  if (status !== 200) { showError(messageOf(body)); if (status === 401) setTimeout(toLogin, 3000); return; }
  $('qr').src = 'data:image/png;base64,' + body.qr_code;
  $('qr').hidden = false;
  $('secret').textContent = body.otp_secret;
  $('otp_secret').value = body.otp_secret;
})();
$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  showError('');
  const form = event.target;
  busy(form, true);
  const { status, body } = await call('POST', '/api/user/login/setup_2fa', { otp_secret: $('otp_secret').value, otp_code: $('otp_code').value });
  restart();
  busy(form, false);
  if (status === 200) { go(body.redirect_url); return; }
  showError(messageOf(body));
  if (status === 403) setTimeout(toLogin, 3000);
});`,
  );
}

function validate2faPage(ctx: Context): string {
  const t = (s: string) => escapeHtml(translate(ctx, s));
  return page(
    translate(ctx, 'OpenTera Login Page'),
    `<div class="card"><header><span>${t('Multi Factor Authentication')}</span><span id="time-left"></span></header>
<form id="form">
<label for="otp_code">${t('Authentication code')}</label><input type="text" class="code" id="otp_code" name="otp_code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>
<button type="submit">${t('Validate')}</button>
<div class="error" id="error" role="alert" hidden></div><div class="ok" id="ok" hidden></div>
</form></div>`,
    `
const texts = ${scriptValue({ ok: translate(ctx, 'Successfully authenticated'), invalid: translate(ctx, 'Invalid code'), left: translate(ctx, 'attempts left'), tooMany: translate(ctx, 'Too many attempts - returning to login'), invalidOtp: translate(ctx, 'Invalid OTP code') })};
const restart = countdown(${LOGIN_SESSION_SECONDS});
let attempts = 0;
async function validate(code) {
  showError('');
  const form = $('form');
  busy(form, true);
  const { status, body } = await call('POST', '/api/user/login/2fa', { otp_code: code, with_websocket: 'true' });
  restart();
  busy(form, false);
  if (status === 200) {
    form.querySelector('button').hidden = true;
    const ok = $('ok'); ok.textContent = texts.ok; ok.hidden = false;
    if (qtObject) qtObject.sendLoginSuccess(body.user_token, body.websocket_url, body.user_uuid);
    if (body.redirect_url) go(body.redirect_url);
    return;
  }
  if (qtObject) qtObject.sendLoginFailure('Error validating 2FA code');
  attempts++;
  const invalidCode = status === 401 && messageOf(body) === texts.invalidOtp;
  if (invalidCode && attempts < 5) { showError(texts.invalid + ' - ' + (5 - attempts) + ' ' + texts.left); return; }
  // Too many attempts, or the session is gone: the login starts again.
  showError(invalidCode ? texts.tooMany : messageOf(body));
  setTimeout(toLogin, 3000);
}
$('form').addEventListener('submit', (event) => { event.preventDefault(); validate($('otp_code').value); });
const code = new URLSearchParams(window.location.search).get('code');
if (code) validate(code);`,
  );
}

export function loginPageRoutes(deps: ApiDeps): AnyRoute[] {
  const pageResponses = { 200: { description: 'The HTML page' }, 302: { description: 'No login session: back to /login' } };
  /** A sub-step page needs its login session; without one (expired, ended), the login starts again. */
  const subStep = (path: string, summary: string, render: (ctx: Context, username: string) => string) =>
    defineRoute({
      method: 'get',
      path,
      tags: ['pages'],
      summary,
      auth: 'none',
      query: Type.Object({ code: Type.Optional(Type.String({ description: 'A TOTP code to check at once (after the setup)' })) }),
      responses: pageResponses,
      async handler(ctx) {
        const session = await currentLoginSession(ctx, deps);
        if (!session) {
          ctx.redirect('/login');
          return;
        }
        const row = await deps.readDb.selectFrom('users').select('user_username').where('user_uuid', '=', session.user.user_uuid).executeTakeFirst();
        sendPage(ctx, render(ctx, (row?.user_username as string | null) ?? ''));
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/login',
      tags: ['pages'],
      summary: 'Login page (OpenTeraPlus opens it in its embedded browser)',
      auth: 'none',
      query: Type.Object({ no_logo: Type.Optional(Type.String({ description: 'Accepted; this page has no logo' })) }),
      responses: { 200: { description: 'The HTML page' } },
      async handler(ctx) {
        sendPage(ctx, loginPage(ctx, (await deps.serverSettings.versions()).version_string));
      },
    }),
    subStep('/login_change_password', 'Forced password change page', changePasswordPage),
    subStep('/login_setup_2fa', '2FA setup page (QR code)', (ctx) => setup2faPage(ctx)),
    subStep('/login_validate_2fa', '2FA code page', (ctx) => validate2faPage(ctx)),
  ];
}
