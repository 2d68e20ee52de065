// Loaded by VS Code inside the extension host (extensionTestsPath): runs every *.test.js beside it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import * as mochaModule from 'mocha';

// mocha 12 exports { Mocha }; older versions export the class itself.
const Mocha = ((mochaModule as unknown as { Mocha?: typeof mochaModule }).Mocha ?? mochaModule) as unknown as typeof import('mocha');

export function run(): Promise<void> {
  // The host forwards console.log arguments separately; pre-format mocha's printf-style output.
  (Mocha as unknown as { reporters: { Base: { consoleLog: (...a: unknown[]) => void } } }).reporters.Base.consoleLog = (...a) => console.log(util.format(...a));
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // LOUPE_EXTHOST_SUITE=bench runs the *.bench.js files instead (bench/responsiveness.bench.ts).
  const suffix = process.env.LOUPE_EXTHOST_SUITE === 'bench' ? '.bench.js' : '.test.js';
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith(suffix)).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`integration: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
  });
}
