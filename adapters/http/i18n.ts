// Error texts are OpenTera's English msgids, in French when the client prefers French (OpenTera's own
// translations). Unlike OpenTera, a client that asks for nothing gets English.
import type { Context } from 'koa';

const french: Record<string, string> = {
  Forbidden: 'Accès refusé',
  Unauthorized: 'Non autorisé',
  'Missing site': 'Site manquant',
  'Missing id_site field': 'Champ id_site manquant',
  'Missing arguments': 'Arguments manquants',
  'Database error': 'Erreur de base de données',
  'Invalid request': 'Requête invalide',
  "Can't delete site: please delete all participants with sessions before deleting.":
    'Impossible de supprimer le site: veuillez supprimer tous les participants au préalable.',
  'Password change required for this user.': 'Changement de mot de passe requis pour cet utilisateur.',
  '2FA required for this user.': '2FA requise pour cet utilisateur.',
  '2FA enabled but OTP not set for this user.Please setup 2FA.':
    'Authentification multi-facteurs requise, mais non configurée pour cet utilisateur. Veuillez configurer celle-ci.',
  'Unauthorized - User must login first to change password': "Non-autorisé - L'utilisateur doit se connecter pour changer son mot de passe",
  'Unauthorized - 2FA is enabled, must login first and use token':
    'Non-autorisé - Authentification multi-facteurs activée, doit se connecter et utiliser un jeton',
};

/** Best match of Accept-Language between English and French; English when neither is asked for. */
export function prefersFrench(ctx: Pick<Context, 'acceptsLanguages'>): boolean {
  return ctx.acceptsLanguages('en', 'fr') === 'fr';
}

export function translate(ctx: Pick<Context, 'acceptsLanguages'>, msgid: string): string {
  return prefersFrench(ctx) ? (french[msgid] ?? msgid) : msgid;
}
