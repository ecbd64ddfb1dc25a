// Error texts are OpenTera's English msgids, in French when the client prefers French (OpenTera's own
// translations). Unlike OpenTera, a client that asks for nothing gets English.
import type { Context } from 'koa';

/**
 * OpenTera's French, copied verbatim (typos included) from introlab/opentera
 * teraserver/python/translations/fr/LC_MESSAGES/messages.po (commit b0fe8a2, January 2025).
 */
const openTera: Record<string, string> = {
  // Access
  'Disabled device': 'Appareil désactivé',
  Forbidden: 'Accès refusé',
  'Invalid token': 'Jeton invalide',
  'Not authorized': 'Non autorisé',
  Unauthorized: 'Non autorisé',
  'Unauthorized - 2FA is enabled, must login first and use token':
    'Non-autorisé - Authentification multi-facteurs activée, doit se connecter et utiliser un jeton',
  'Unauthorized - User must login first to change password': "Non-autorisé - L'utilisateur doit se connecter pour changer son mot de passe",

  // Login, client version, password change, 2FA
  '2FA enabled but OTP not set for this user.Please setup 2FA.':
    'Authentification multi-facteurs requise, mais non configurée pour cet utilisateur. Veuillez configurer celle-ci.',
  '2FA enabled for this user.': 'Double authentification activée pour cet utilisateur.',
  '2FA required for this user.': '2FA requise pour cet utilisateur.',
  'Client major version mismatch': 'La version majeure du client ne correspond pas',
  'Client major version too old, not accepting login': 'La version du client est trop vieille (major), accès refusé',
  'Invalid OTP code': 'Code OTP invalide',
  'New password and confirm password do not match': "Le nouveau et l'ancien mot de passe ne correspondent pas",
  'Password change required for this user.': 'Changement de mot de passe requis pour cet utilisateur.',
  'Too many 2FA attempts. Please wait and try again.': "Trop d'essais d'authentification. Veuillez attendre et essayer à nouveau.",
  'User already has 2FA OTP secret set': "L'utilisateur a déjà configuré la double authentification par OTP",
  'User does not have 2FA enabled': "L'utilisation n'a pas la double authentification d'activée",
  'User does not have 2FA OTP enabled or secret set': "L'utilisateur n'a pas la double authentification par OTP d'activée ou de configurée",
  'User logged out.': 'Utilisateur déconnecté.',
  'User not required to change password': "L'utilisateur n'a pas à changer son mot de passe",

  // Participant and device APIs
  'Device logged out.': 'Appareil déconnecté.',
  'Missing config': 'Configuration manquante',
  'Missing device schema': "Schéma de l'appareil manquant",
  'Not implemented': 'Non implémenté',
  'Participant logged out.': 'Participant hors ligne.',

  // Device registration
  'Invalid CSR signature': 'La signature du certificat CSR est invalides',
  'Invalid content type': 'Content-Type invalide',
  'Invalid registration key': "Clé d'enregistrement invalide",

  // Devices and their site, project and participant links
  'Access denied': 'Accès refusé',
  'Access denied to device': 'Aucun accès à l’appareil',
  'At least one device is not part of the allowed device for that project site': "Au moins un appareil n'est pas admissible pour ce projet pour ce site",
  'Bad parameter': 'Mauvais Paramètre(s)',
  'Badly formatted request': 'Requête mal formée',
  "Can't delete device from project. Please remove all participants associated with the device or all sessions in the project referring to the device before deleting.":
    "Impossible de retirer l'appareil du projet: veuillez retirer tous les participants associés à cet appareil et/ou toutes les séances de ce projet impliquant cet appareil.",
  "Can't delete device from project: please remove all participants with device before deleting.":
    "Impossible de retirer l'appareil du projet: veuillez désassocier tous les participants liés à cet appareil dans ce projet au préalable.",
  "Can't delete device from site. Please remove all participants associated with the device or all sessions in the site referring to the device before deleting.":
    "Impossible de retirer l'appareil du site: veuillez retirer tous les participants associés à cet appareil dans ce site et/ou toutes les séances de ce site impliquant cet appareil.",
  "Can't delete device subtype: please delete all devices of that subtype before deleting.":
    "Impossible de supprimer le sous-type d'appareil: veuillez supprimer ou modifier tous les appareils utilisant ce sous-type au préalable.",
  "Can't delete device type: please delete all associated devices before deleting.":
    "Impossible de supprimer le type d'appareil: veuillez supprimer tous les appareils associés au préalable.",
  "Can't delete device: please delete all participants association before deleting.":
    "Impossible de supprimer l'appareil: veuillez supprimer ou retirer tous les participants associés au préalable.",
  'Device not assigned to project or participant': 'Appareil non assigné à un projet ou un participant',
  'Device successfully deleted': 'Appareil supprimé avec succès',
  'Invalid device': 'Appareil invalide',
  'Invalid device subtype': 'Sous-type d’appareil invalide',
  'Invalid device type': 'Type d’appareil invalide',
  'Missing device': 'Appareil manquant',
  'Missing devices': 'Appareils manquants',
  'Missing id_device': 'Champ manquant : id_device',
  'Missing id_device_type': 'Champ id_device_type manquant',
  'Missing projects': 'Projets manquants',
  'Missing site ID': 'Champ id_site manquant',
  'Missing sites': 'Sites manquants',
  'Not found': 'Non trouvé',
  'Too many IDs': 'Trop de paramètres ID',
  "User is not admin of the participant's project": 'L’utilisateur n’est pas administrateur du projet du participant',

  // Session types and their site, project and secondary-service links
  'At least one session type is not associated to the site of its project': "Au moins un type de session n'est pas associé au site de ce projet",
  "At least one site isn't associated with the service of that session type": "Au moins un site n'est pas associé avec ce type de session pour ce service",
  'Cannot delete because you are not admin in all projects.': "Impossible de supprimer: vous n'êtes pas administrateur dans tous les projets.",
  "Can't delete session type from project: please delete all sessions of that type in the project before deleting.":
    'Impossible de retirer le type de séance du projet: veuillez supprimer toutes les séances de ce type dans ce projet avant de supprimer.',
  "Can't delete session type from project: please delete all sessions using that type in that project before deleting.":
    'Impossible de retirer le type de séance du projet: veuillez supprimer toutes les séances de ce type dans ce projet avant de supprimer.',
  "Can't delete session type from site: please delete all sessions of that type in the site before deleting.":
    'Impossible de retirer le type de séance du site: veuillez supprimer toutes les séances de ce type dans ce site au préalable.',
  "Can't delete session type: please delete all sessions with that type before deleting.":
    'Impossible de supprimer le type de séance: veuillez supprimer toutes les séances de ce type au préalable.',
  "Can't remove associated service from session type: please delete all sessions of that type before deleting.":
    'Impossible de retirer le service du type de séance: veuillez supprimer toutes les séances de ce type au préalable.',
  "Can't remove associated service from session type: please delete all sessions using that type before deleting.":
    'Impossible de retirer le service du type de séance: veuillez supprimer toutes les séances de ce type au préalable.',
  "Can't remove session type association from service: please delete all sessions using that type before deleting.":
    'Impossible de retirer le type de séance du service: veuillez supprimer toutes les séances de ce type avant de supprimer.',
  'Invalid service': 'Service invalide',
  'Invalid session type': 'Type de séance invalide',
  'Missing id_service for session type of type service': 'Champ id_service pour la session manquant',
  'Missing id_session_type': 'Champ id_session_type manquant',
  'Missing project ID': 'ID de projet manquant',
  'Missing service ID': 'ID Service manquant',
  'Missing services': 'Services manquants',
  'Missing session types': 'Champ session_type manquant',
  'Missing session_type': 'Champ session_type manquant',
  'Missing site(s) to associate that session type to': "Site(s) manquant(s) pour l'association avec un type de session",
  'No project admin access for at a least one project in the list': 'Pas administrateur pour au moins un projet da la liste',
  'No service admin access for at a least one service in the list': 'Aucun administrateur de site pour au moins un site dans la liste',
  'No site admin access for at least one site in the list': 'Aucun accès administrateur de site pour au moins un site dans la liste',
  'Session type not associated to project site': 'Type de séance non associé au site du projet',
  'Unable to delete - not admin in at least one project': 'Impossible de supprimer - pas administrateur dans au moins un projet',
  'Unknown format': 'Format inconnu',

  // Sessions, their events, and what sessions keep from being deleted
  "Can't delete device from project: please remove all sessions in this project referring to that device before deleting.":
    "Impossible de retirer l'appareil du projet: veuillez retirer toutes les séances impliquant cet appareil dans ce projet au préalable.",
  "Can't delete device: please delete all assets created by that device before deleting.":
    "Impossible de supprimer l'appareil: veuillez supprimer toutes les ressources crées par cet appareil au préalable.",
  "Can't delete device: please delete all tests created by that device before deleting.":
    "Impossible de supprimer l'appareil: veuillez supprimer tous les tests créés par cet appareil au préalable.",
  "Can't delete device: please remove all related sessions, assets and tests before deleting.":
    "Impossible de supprimer l'appareil: veuillez retirer toutes les séances, ressources et tests associés au préalable.",
  "Can't delete device: please remove all sessions referring to that device before deleting.":
    "Impossible de supprimer l'appareil: veuillez retirer toutes les séances impliquant cet appareil.",
  "Can't delete project: please delete all participants with sessions before deleting.":
    'Impossible de supprimer le projet: veuillez supprimer tous les participants ayant des séances au préalable.',
  "Can't delete user: please remove all assets created by this user before deleting.":
    "Impossible de supprimer l'utilisateur: veuillez supprimer toutes les ressources créées par cet utilisateur au préalable.",
  "Can't delete user: please remove all sessions that this user is part of before deleting.":
    "Impossible de supprimer l'utilisateur: veuillez supprimer toutes les séances dont cet utilisateur fait partie au préalable.",
  "Can't delete user: please remove all tests created by this user before deleting.":
    "Impossible de supprimer l'utilisateur: veuillez supprimer tous les tests créés par cet utilisateur au préalable.",
  'Forbidden for security reasons': 'Accès interdit pour raison de sécurité',
  'Invalid participant uuid': 'UUID participant invalide',
  'Invalid session': 'Séance invalide',
  "Missing argument 'session name'": "Paramètre 'session name' manquant",
  "Missing argument 'session_start_datetime'": "Paramètre 'session_start_datetime' manquant",
  'Missing id_session': 'Champ id_session manquant',
  'Missing id_session or id_session_event fields': 'Champs manquants: id_session ou id_session_event',
  'Missing id_session value': 'Champ id_session manquant',
  'Missing id_session_type value': 'Champ id_session_type manquant',
  'Missing session': 'Champ session manquant',
  'Missing session participants and users': 'Usagers ou participants manquants pour la session',
  'Missing session participants and/or users and/or devices': 'Utilisateurs et/ou participants et/ou appareils manquants pour la séance',
  'Missing session_event field': 'Champ session_event manquant',
  'No access to session type': 'Aucun accès au type de séance',
  'No access to session.': 'Aucun accès à la séance.',
  "Session is in progress: can't delete that session.": 'La séance est en cours: impossible de supprimer.',
  "User doesn't have access to at least one device of that session.": "L'utilisateur n'a pas accès à au moins un appareil de la séance.",
  "User doesn't have access to at least one participant of that session.": "L'utilisateur n'a pas accès à au moins un participant de la séance.",
  "User doesn't have access to at least one user of that session.": "L'utilisateur n'a pas accès à au moins un utilisateur de la séance.",

  // Assets, test types, tests and test invitations
  'Access denied to at least one project': 'Accès refusé pour au moins un projet',
  'Asset information deletion must be done directly into a service (such as Filetransfer service)':
    "La suppression d'information sur les ressources doivent être fait directement dans un service (comme le service de transfert de fichiers - FileTransfer)",
  'Asset information update and creation must be done directly into a service (such as Filetransfer service)':
    "La création et la mise à jour d'information sur les ressources doivent être fait directement dans un service (comme le service de transfert de fichiers - FileTransfer)",
  "At least one site isn't associated with the service of that test type": "Au moins un site n'est pas associé avec le service de ce type de test",
  'At least one test type is not associated to the site of its project': "Au moins un type de test n'est pas associé au site de ce projet",
  "Can't delete test type from project: please delete all tests of that type in the project before deleting.":
    'Impossible de supprimer le type de test: veuillez supprimer tous les tests de ce type au préalable.',
  "Can't delete test type from site: please delete all tests of that type in the site before deleting.":
    'Impossible de retirer ce type de test du site: veuillez supprimer tous les tests de ce type dans ce site au préalable.',
  "Can't delete test type: please delete all tests of that type before deleting.":
    'Impossible de supprimer le type de test: veuillez supprimer tous les tests de ce type au préalable.',
  'Device access denied': "Accès à l'appareil interdit",
  'Do not set test_invitation_key': "Ne spécifiez pas la clé de l'invitation",
  'Missing argument': 'Paramètre manquant',
  'Missing id_test_type': 'Champ id_test_type manquant',
  'Missing project(s) to associate that test type to': "Projet(s) manquant(s) pour l'association avec ce type de test",
  'Missing test types': 'Types de test manquants',
  'Missing test_invitation_expiration_date': "Date d'expiration de l'invitation manquante",
  'Missing test_type': 'Champ test_type manquant',
  'No arguments specified': 'Aucun argument spécifié',
  'Participant access denied': 'Accès au participant refusé',
  'Service access denied': 'Accès au service refusé',
  'Session access denied': 'Accès à la session refusé',
  'Test information update and creation must be done directly into a service (such as Test service)':
    "La création et la mise à jour d'information sur les tests doivent être fait directement dans un service",
  'Test type not found': 'Type de test non trouvé',
  'Unable to delete - not admin in the related test type service': 'Impossible de supprimer - pas administrateur pour le type de test du service',
  'User access denied': "Accès à l'utilisateur refusé",
  // (sic) OpenTera's French says the opposite of its English.
  'You must specify one of id_user, id_participant or id_device': 'Ne peut pas combiner id_user, id_participant et id_device dans la requête',
  'You can only update test_invitation_count': 'Seulement test_invitation_count peut être mis à jour',

  // Participants and participant groups
  "Can't delete participant group: please delete all sessions from all participants before deleting.":
    'Impossible de supprimer le groupe: veuillez supprimer toutes les séances de tous les participants du groupe au préalable.',
  "Can't delete participant: please remove all related assets beforehand.":
    'Impossible de supprimer le participant: veuillez supprimer toutes les ressources de ce participant au préalable.',
  "Can't delete participant: please remove all related sessions beforehand.":
    'Impossible de supprimer le participant: veuillez supprimer toutes les séances de ce participant au préalable.',
  "Can't delete participant: please remove all related tests beforehand.":
    'Impossible de supprimer le participant: veuillez supprimer tous les tests associés à ce participant au préalable.',
  "Can't delete participant: please remove all sessions created by this participant beforehand.":
    'Impossible de supprimer le participant: veuillez supprimer toutes les séances créées par ce participant au préalable.',
  "Can't insert participant: participant's project is disabled or invalid.":
    "Impossible d'ajouter le participant: le projet du participant est désactivé ou invalide.",
  "Can't update participant: participant's project is disabled.": 'Impossible de mettre à jour le participant: le projet du participant est désactivé.',
  "Mismatch between id_project and group's project": 'Aucune correspondance entre id_project et le projet',
  'Missing group': 'Groupe manquant',
  'Missing id_participant': 'ID Participant manquant',
  'Missing id_participant_group or id_project': 'Champs id_participant_group ou id_project manquants',
  'Missing id_project or id_participant_group': 'Champ manquants:  id_participant, id_project ou id_participant_group',
  'Missing participant': 'Participant manquant',
  'No admin access to group': 'Aucun accès administrateur à ce groupe',
  'No admin access to project': 'Aucun accès administrateur à ce projet',
  'Participant group not found.': "Le groupe participant n'existe pas.",

  // Passwords (a weak password answers "Password not strong enough: <reasons joined by ','>")
  'Invalid password': 'Mot de passe incorrect',
  'New password same as old password': "Le nouveau mot de passe est identique à l'ancien",
  'Password missing lower case letter': 'Le mot de passe requiert au moins une minuscule',
  'Password missing numeric character': 'Le mot de passe requiert au moins un chiffre',
  'Password missing special character': 'Le mot de passe requiert un caractère spécial',
  'Password missing upper case letter': 'Le mot de passe requiert au moins une majuscule',
  'Password not long enough (10 characters)': "Le mot de passe n'est pas assez long (10 caractères min.)",
  'Password not strong enough': 'Mot de passe insécure',

  // Requests and their arguments ("Missing required fields: " is followed by the list of fields)
  'At least one id must be specified': 'Au moins un ID doit être spécifié',
  'Database error': 'Erreur de base de données',
  'Invalid id': 'ID invalide',
  'Invalid request': 'Requête invalide',
  'Missing arguments': 'Arguments manquants',
  'Missing app tag': 'Champ App Tag manquant',
  'Missing id_project': 'Champ manquant : id_project',
  'Missing id_site': 'Champ id_site manquant',
  'Missing id_site arguments': 'Champ id_site manquant',
  'Missing id_site field': 'Champ id_site manquant',
  'Missing id_user': 'Champ id_user manquant',
  'Missing id_user_group': 'Champ id_user_group manquant',
  'Missing project': 'Projet manquant',
  'Missing required fields: ': 'Champs manquants: ',
  'Missing site': 'Site manquant',
  'Missing user': 'Champ user manquant',
  'Missing user user group': 'Champ user_user_group manquant',
  'Missing user_group': 'Champ user_group manquant',

  // Forms and stats ("Unknown form type: " is followed by the type as given)
  'Invalid service specified': 'Service non valide',
  'Missing id argument': 'Champ id manquant',
  'Missing session type id': 'Champ id_session_type manquant',
  'Missing type': 'Champ type manquant',
  'No reply from service while querying session type config': 'Aucune réponse du service lors de la requête de la configuration du type de séance',
  'Unknown form type: ': 'Formulaire inconnu: ',

  // Sites
  "Can't delete site: please delete all participants with sessions before deleting.":
    'Impossible de supprimer le site: veuillez supprimer tous les participants au préalable.',

  // Users
  'Invalid user': 'Utilisateur invalide',
  "Sorry, you can't delete yourself!": 'Désolé, vous ne pouvez pas vous supprimer!',
  "Username can't be modified": 'Le code utilisateur ne peut pas être modifié',
  'Username unavailable.': "Nom d'utilisateur non disponible.",

  // User groups, their memberships and their site / project roles
  "Can't delete specified relationship": 'Impossible de supprimer cette relation',
  "Can't delete user group: please delete all users part of that user group before deleting.":
    "Impossible de supprimer le groupe d'utilisateurs: veuillez retirer tous les utilisateurs de ce groupe au préalable.",
  'Invalid role name or id for that project': 'Nom du rôle ou ID invalide pour ce projet',
  'Invalid role name or id for that site': 'Nom de rôle ou id invalide(s) pour ce site',
  'Missing role name or id': 'Nom du rôle ou ID manquant',
  'Missing user group name': 'Nom du groupe utilisateur manquant',
  'No access for at a least one user group in the list': "Aucun accès pour au moins un groupe d'utilisateurs dans la liste",
  "No access to relationship's user": "Aucun accès à l'utilisateur",
  "No access to relationship's user group": 'Aucun accès au groupe',
  'No access to specified user': "Aucun accès à l'utilisateur",
  'No access to specified user group': 'Aucun accès au groupe utilisateurs',
  'No project access to delete.': 'Aucun accès au projet pour supprimer.',
  'No site access to delete': "Pas d'accès à effacer",
  'No site admin access for at a least one project in the list': 'Aucun accès administrateur pour au moins un projet dans la liste',
  'No site admin access for at a least one site in the list': 'Aucun administrateur de site pour au moins un site dans la liste',
  "Super admins can't be associated to an user group": "Les super administrateurs ne peuvent pas être associés à un groupe d'utilisateurs",

  // Login pages (/login, /login_change_password, /login_setup_2fa, /login_validate_2fa)
  'Authentication code': "Code d'authentification",
  'Change Password': 'Changer mot de passe',
  'Confirm Password': 'Confirmation',
  'Enter the generated code:': 'Entrez le code généré:',
  'Invalid code': 'Code invalide',
  'Invalid username or password': 'Code utilisateur ou mot de passe incorrect',
  Login: 'Connecter',
  'Multi Factor Authentication': 'Authentification Multi-Facteurs',
  'New Password': 'Nouveau',
  'OpenTera - Change Password': 'OpenTera - Changement de mot de passe',
  'OpenTera Login Page': 'OpenTera - Page de connexion',
  Password: 'Mot de passe',
  'Password change required': 'Changement de mot de passe requis',
  'Scan the QR code with your authenticator app': "Numérisez le code QR avec votre application d'authentification",
  'Successfully authenticated': 'Authentification complétée',
  'Too many attempts - returning to login': "Trop d'essais - veuillez attendre et vous reconnecter à nouveau",
  Username: 'Code utilisateur',
  Validate: 'Valider',
  'You need to setup multi-factor authentication before continuing.': "Vous devez configurer l'authentification multi-facteurs avant de poursuivre.",
  'attempts left': 'essais restants',
};

/** Ours: messages OpenTera does not have, translated in the style (and the Québec French) of OpenTera's. */
const ours: Record<string, string> = {
  // Login, password change, 2FA
  '2FA not enabled for this user': 'Double authentification non activée pour cet utilisateur',
  'Invalid OTP secret': 'Secret OTP invalide',
  'Password changed': 'Mot de passe changé',

  // Requests and their arguments. The validation replies of routes.ts ('Unknown field', 'Integer out of
  // range') do not go through translate yet: their texts are here for when they do.
  'Integer out of range': 'Entier hors limites',
  'Invalid preference: a JSON object or a JSON text': 'Préférence invalide: un objet JSON ou un texte JSON est requis',
  'Missing project_access': 'Champ project_access manquant',
  'Missing project_name': 'Champ project_name manquant',
  'Missing site_access': 'Champ site_access manquant',
  'Missing site_name': 'Champ site_name manquant',
  'Missing user_group_name': 'Champ user_group_name manquant',
  'Missing user_preference': 'Champ user_preference manquant',
  'Missing user_username': 'Champ user_username manquant',
  'Unknown field': 'Champ inconnu',

  // Device registration
  'Invalid CSR': 'Requête de certificat (CSR) invalide',
  'Missing device_name': 'Champ device_name manquant',
  'Missing device_type_key': 'Champ device_type_key manquant',

  // Sites and projects
  'A project cannot be moved to another site': 'Un projet ne peut pas être déplacé vers un autre site',
  'Invalid project': 'Projet invalide',
  'Invalid site': 'Site invalide',
  'Project already exists': 'Le projet existe déjà',
  'Site already exists': 'Le site existe déjà',

  // Users and user groups
  'Invalid user group': "Groupe d'utilisateurs invalide",
  'User already exists': "L'utilisateur existe déjà",
  'User group already exists': "Le groupe d'utilisateurs existe déjà",

  // Login pages (the change-password one joins OpenTera's two texts in one)
  'Logged in': 'Connecté',
  'OpenTera Setup 2FA': "OpenTera - Configuration de l'authentification multi-facteurs",
  'Password successfully changed! Redirecting to login screen...': 'Mot de passe changé avec succès! Redirection vers la page de connexion...',
};

/** Every French text: OpenTera's, then ours. */
export const french: Readonly<Record<string, string>> = Object.freeze({ ...openTera, ...ours });

function frenchOf(msgid: string): string | undefined {
  return Object.hasOwn(french, msgid) ? french[msgid] : undefined;
}

const WEAK_PASSWORD = 'Password not strong enough';
const MISSING_FIELDS = 'Missing required fields: ';

/**
 * Messages with a dynamic part, built as OpenTera builds them: "Password not strong enough: <reasons joined
 * by ','>" (each reason translated) and "Missing required fields: <fields>" (the fields as they are).
 */
function frenchOfDynamic(msgid: string): string | undefined {
  if (msgid.startsWith(`${WEAK_PASSWORD}: `)) {
    const reasons = msgid.slice(WEAK_PASSWORD.length + 2).split(',');
    return `${french[WEAK_PASSWORD]}: ${reasons.map((reason) => frenchOf(reason) ?? reason).join(',')}`;
  }
  if (msgid.startsWith(MISSING_FIELDS)) return `${french[MISSING_FIELDS]}${msgid.slice(MISSING_FIELDS.length)}`;
  return undefined;
}

/** Best match of Accept-Language between English and French; English when neither is asked for. */
export function prefersFrench(ctx: Pick<Context, 'acceptsLanguages'>): boolean {
  return ctx.acceptsLanguages('en', 'fr') === 'fr';
}

export function translate(ctx: Pick<Context, 'acceptsLanguages'>, msgid: string): string {
  if (!prefersFrench(ctx)) return msgid;
  return frenchOf(msgid) ?? frenchOfDynamic(msgid) ?? msgid;
}
