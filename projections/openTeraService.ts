/** OpenTera's own service (`OpenTeraServer`) always has id 1; site and project roles are its roles. */
export const OPENTERA_SERVICE_ID = 1;
