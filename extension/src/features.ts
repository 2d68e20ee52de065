/**
 * Host-side features too large to load at activation (training orchestration brings the YAML parser,
 * dataset profiles bring the Parquet reader). Bundled on their own as dist/features.js and required
 * on first use through services/features.ts.
 */
export { launchTraining } from '../../tracker/src/training/launch';
export { runSweep } from '../../tracker/src/training/sweep';
export { runScript } from '../../tracker/src/training/runScript';
export { diffVersions } from '../../tracker/src/datasets/diff';
export { readManifest, readProfile } from '../../tracker/src/datasets/datasetStore';
