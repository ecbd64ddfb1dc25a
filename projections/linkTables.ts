// OpenTera's association tables, described once for the projectors that write them and the queries that
// read them: a row per link, with its own id, the owner (whose stream records the link) and the linked entity.
import type { LinkTable } from './projectors/links.js';

const link = (table: string, id: string, owner: string, other: string): LinkTable => ({ table, id, owner, other });

export const LINK_TABLES = {
  deviceSites: link('devices_sites', 'id_device_site', 'id_device', 'id_site'),
  deviceProjects: link('devices_projects', 'id_device_project', 'id_device', 'id_project'),
  deviceParticipants: link('devices_participants', 'id_device_participant', 'id_device', 'id_participant'),
  serviceSites: link('services_sites', 'id_service_site', 'id_service', 'id_site'),
  serviceProjects: link('services_projects', 'id_service_project', 'id_service', 'id_project'),
  sessionTypeSites: link('session_types_sites', 'id_session_type_site', 'id_session_type', 'id_site'),
  sessionTypeProjects: link('session_types_projects', 'id_session_type_project', 'id_session_type', 'id_project'),
  sessionTypeServices: link('session_types_services', 'id_session_type_service', 'id_session_type', 'id_service'),
  testTypeSites: link('test_types_sites', 'id_test_type_site', 'id_test_type', 'id_site'),
  testTypeProjects: link('test_types_projects', 'id_test_type_project', 'id_test_type', 'id_project'),
} as const;
