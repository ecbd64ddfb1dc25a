// Runs once before the suite (tap's `before`): builds the seeded templates that test files clone.
import { buildPgliteTemplate, buildPostgresTemplate, type SeedName } from './helpers/templates.js';

const seeds: SeedName[] = ['opentera-test', 'production'];
for (const seed of seeds) {
  if (process.env.DATABASE_URL) await buildPostgresTemplate(process.env.DATABASE_URL, seed);
  else await buildPgliteTemplate(seed);
}
