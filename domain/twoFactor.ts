// OpenTera's site 2FA rule (api-user-2.md 0.9): while a site requires 2FA, every user holding a site-level
// role on it through a group, and every superadmin, has 2FA enabled; turning it off is undone. These event
// types can make a user fall under the rule.
export const TWO_FACTOR_TRIGGERS: ReadonlySet<string> = new Set([
  'SiteCreated',
  'SiteTwoFactorRequirementChanged',
  'UserGroupGrantedSiteRole',
  'UserAddedToGroup',
  'UserCreated',
  'UserSuperadminSet',
  'UserTwoFactorSet',
]);
