// Writes tracker/python/loupe/_migrations.json from MIGRATIONS, so the Python client applies exactly
// the SQL the TypeScript store applies. Run after adding a migration:
//   node --import tsx scripts/gen-python-schema.ts
// A unit test (test/unit/python-client.test.ts) fails when the committed file drifts from MIGRATIONS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIGRATIONS, type Migration } from '../tracker/src/store/migrations';

export const PYTHON_SCHEMA_FILE = path.resolve(__dirname, '../tracker/python/loupe/_migrations.json');

/** The file's exact text: [{version, description, sql}] in version order, two-space indented, final newline. */
export function renderPythonSchema(migrations: readonly Migration[] = MIGRATIONS): string {
  const rows = migrations.map(({ version, description, sql }) => ({ version, description, sql }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(PYTHON_SCHEMA_FILE, renderPythonSchema());
  console.log(`wrote ${path.relative(process.cwd(), PYTHON_SCHEMA_FILE)} (${MIGRATIONS.length} migrations)`);
}
