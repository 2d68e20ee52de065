/** Public entry of the tracker package: the SDK and the store. */
export { Tracker, type TrackerOptions, type StartRunOptions } from './sdk/tracker';
export { ActiveRun } from './sdk/activeRun';
export { SqliteTrackerStore } from './store/sqliteStore';
export type { TrackerStore } from './store/trackerStore';
export * from './store/types';
export { LoupeError, isLoupeError } from './errors';
export { findLoupeDir } from './workspace';
