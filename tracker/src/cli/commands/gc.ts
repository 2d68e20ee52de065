import * as fs from 'node:fs';
import { ObjectStore } from '../../objects/objectStore';
import { referencedObjects, storedObjects } from '../../store/garbage';
import type { CliCommand } from '../command';
import { withStore } from '../storeAccess';

export const gcCommand: CliCommand = {
  name: 'gc',
  summary: 'Purge deleted runs and remove objects nothing refers to (use --dry-run to only list them).',
  usage: 'loupe gc [--dry-run]',
  options: { 'dry-run': { type: 'boolean' } },
  run: ({ values }, io) =>
    withStore(io, (store, loupeDir) => {
      const dry = !!values['dry-run'];
      const deleted = store.db.prepare<[], { id: string }>("SELECT id FROM runs WHERE lifecycle = 'deleted'").all();
      if (!dry) store.db.transaction(() => deleted.forEach((r) => store.deleteRun(r.id, true)))();
      const objects = new ObjectStore(loupeDir);
      const keep = referencedObjects(store.db, objects);
      const orphans = storedObjects(objects).filter((h) => !keep.has(h));
      let bytes = 0;
      for (const h of orphans) {
        const p = objects.pathOf(h);
        bytes += fs.statSync(p).size;
        if (!dry) fs.rmSync(p, { force: true });
      }
      const temps = dry ? 0 : objects.removeStaleTemps();
      if (!dry) store.db.pragma('wal_checkpoint(TRUNCATE)');
      const verb = dry ? 'would remove' : 'removed';
      io.out(`${verb} ${deleted.length} deleted run(s), ${orphans.length} unreferenced object(s) (${(bytes / 1024).toFixed(1)} KiB)${temps ? `, ${temps} stale temp file(s)` : ''}`);
      return 0;
    }),
};
