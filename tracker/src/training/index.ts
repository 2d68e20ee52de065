/** Training, sweeps, scripts-as-runs and the job queue: the entry points the CLI and the extension use. */
export { launchTraining, trainWorkerCommand, type LaunchOptions, type LaunchResult, type WorkerOptions } from './launch';
export { runTraining, prepareTraining, type RunTrainingOptions, type TrainingResult } from './runTraining';
export { runSweep, type SweepOptions, type SweepResult, type TrialResult } from './sweep';
export { runScript, parseScriptArgs, type RunScriptOptions, type ScriptResult } from './runScript';
export { TrainingQueue, type QueueEntry, type QueueJob, type QueueOptions } from './queue';
export { loadTf, BACKENDS, type BackendName } from './backend';
export { loadConfigFile, parseOverrides, flattenConfig } from './configLoad';
export { validateConfig } from './configValidate';
export type { TrainingConfig, Task } from './configTypes';
export type { TrainEvent } from './events';
