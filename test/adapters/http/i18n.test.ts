import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import t from 'tap';
import { french, prefersFrench, translate } from '../../../adapters/http/i18n.js';

const app = new Koa();

/** A Koa context of a request with this Accept-Language header (none when undefined). */
function contextWith(acceptLanguage: string | undefined) {
  const headers = acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage };
  const req = { headers, method: 'GET', url: '/', socket: {} } as unknown as IncomingMessage;
  return app.createContext(req, {} as ServerResponse);
}

t.test('given French, then messages are OpenTera\'s French', async (t) => {
  for (const language of ['fr', 'fr-CA', 'fr-CA,fr;q=0.9,en;q=0.8', 'en;q=0.5,fr']) {
    const ctx = contextWith(language);
    t.ok(prefersFrench(ctx), language);
    t.equal(translate(ctx, 'Forbidden'), 'Accès refusé', language);
    t.equal(translate(ctx, 'Username unavailable.'), "Nom d'utilisateur non disponible.", language);
    t.equal(translate(ctx, 'Invalid role name or id for that site'), 'Nom de rôle ou id invalide(s) pour ce site', language);
  }
});

t.test('given French, then our own messages are French too', async (t) => {
  const ctx = contextWith('fr');
  t.equal(translate(ctx, 'Missing site_name'), 'Champ site_name manquant');
  t.equal(translate(ctx, 'Invalid user group'), "Groupe d'utilisateurs invalide");
});

t.test('given French, then a message with a dynamic part is translated around it', async (t) => {
  const ctx = contextWith('fr-CA');
  t.equal(
    translate(ctx, 'Password not strong enough: Password not long enough (10 characters),Password missing special character'),
    "Mot de passe insécure: Le mot de passe n'est pas assez long (10 caractères min.),Le mot de passe requiert un caractère spécial",
  );
  t.equal(translate(ctx, 'Missing required fields: [user_firstname, user_lastname]'), 'Champs manquants: [user_firstname, user_lastname]');
});

t.test('given French, then an unknown message stays English', async (t) => {
  const ctx = contextWith('fr');
  t.equal(translate(ctx, 'Some message nobody translated'), 'Some message nobody translated');
  t.equal(translate(ctx, 'constructor'), 'constructor', 'not a property of every object');
  t.equal(translate(ctx, ''), '');
});

t.test('given English, another language or nothing, then messages are English', async (t) => {
  for (const language of ['en', 'en-US,en;q=0.9', 'de', 'de-DE,de;q=0.9', '', undefined]) {
    const ctx = contextWith(language);
    t.notOk(prefersFrench(ctx), String(language));
    t.equal(translate(ctx, 'Forbidden'), 'Forbidden', String(language));
    t.equal(translate(ctx, 'Missing site_name'), 'Missing site_name', String(language));
    t.equal(translate(ctx, 'Password not strong enough: Password missing numeric character'), 'Password not strong enough: Password missing numeric character');
  }
});

t.test('given the French table, then every entry is a real translation', async (t) => {
  const entries = Object.entries(french);
  t.ok(entries.length > 100, `${entries.length} messages`);
  for (const [msgid, text] of entries) {
    t.ok(msgid.trim().length > 0, 'msgid not empty');
    t.ok(text.trim().length > 0, `${msgid}: translation not empty`);
    t.not(text, msgid, `${msgid}: translated`);
  }
});
