import * as path from 'node:path';

type Features = typeof import('../features');
let loaded: Features | undefined;

/** Loads dist/features.js on first use (a runtime path, so the bundler leaves it out of extension.js). */
export function features(): Features {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(__dirname, 'features.js')) as Features;
  return loaded;
}
