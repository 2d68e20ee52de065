/** Every command, view and setting id, named once. They must match package.json (a unit test checks). */
export const COMMANDS = {
  openRuns: 'loupe.openRuns',
  refresh: 'loupe.refresh',
  openRun: 'loupe.openRun',
  copyRunId: 'loupe.copyRunId',
  renameRun: 'loupe.renameRun',
  deleteRun: 'loupe.deleteRun',
  tagRun: 'loupe.tagRun',
  showLog: 'loupe.showLog',
  compareRuns: 'loupe.compareRuns',
  startServer: 'loupe.startServer',
  stopServer: 'loupe.stopServer',
  copyTrackingEnv: 'loupe.copyTrackingEnv',
  versionDataset: 'loupe.versionDataset',
  showDataset: 'loupe.showDataset',
  diffDataset: 'loupe.diffDataset',
  checkoutDataset: 'loupe.checkoutDataset',
  splitDataset: 'loupe.splitDataset',
  deleteDatasetVersion: 'loupe.deleteDatasetVersion',
  runTraining: 'loupe.runTraining',
  startSweep: 'loupe.startSweep',
  crossValidate: 'loupe.crossValidate',
  evaluate: 'loupe.evaluate',
  showEvaluation: 'loupe.showEvaluation',
  setAlias: 'loupe.setAlias',
  rollback: 'loupe.rollback',
  openModelRun: 'loupe.openModelRun',
  compareModelVersions: 'loupe.compareModelVersions',
  storyData: 'loupe.story.versionData',
  storyBaseline: 'loupe.story.trainBaseline',
  storySweep: 'loupe.story.sweepChallenger',
  storyCompare: 'loupe.story.compareTrials',
  storyEvaluate: 'loupe.story.evaluate',
  storyPromote: 'loupe.story.promote',
} as const;

export const VIEWS = {
  container: 'loupe',
  experiments: 'loupe.experiments',
  datasets: 'loupe.datasets',
  models: 'loupe.models',
} as const;

export const PANELS = {
  runs: 'loupe.runsPanel',
  compare: 'loupe.comparePanel',
  dataset: 'loupe.datasetPanel',
  evaluation: 'loupe.evaluationPanel',
} as const;

export const SETTINGS = {
  section: 'loupe',
  refreshIntervalMs: 'refreshIntervalMs',
} as const;

export const OUTPUT_CHANNEL = 'Loupe';
