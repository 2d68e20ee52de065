import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The sample workspace's story, step by step as a user would type it: version the data, split it,
 * train a baseline and make it champion, sweep and train a challenger, evaluate it against the
 * champion on the held-out split, and promote it when the gate passes. The walkthrough offers
 * the same steps one click at a time.
 */
export interface StoryStep {
  title: string;
  argv: string[];
  /** A step allowed to exit 1 (an evaluation that rejects still leaves its report). */
  okExitCodes?: number[];
}

export const STORY: StoryStep[] = [
  { title: 'Version the 2007 release of the data', argv: ['data', 'add', 'data/releases/penguins-2007.csv', '--name', 'penguins', '--message', '2007 season'] },
  { title: 'Version the full data (a second version)', argv: ['data', 'add', 'data/penguins.csv', '--name', 'penguins', '--message', 'all seasons'] },
  { title: 'Split it 80/10/10, stratified by species', argv: ['data', 'split', 'penguins@2', '--seed', '42', '--label', 'Species'] },
  { title: 'Train the baseline (body mass only)', argv: ['train', 'train/species-baseline.yaml'] },
  { title: 'Make the baseline the champion', argv: ['models', 'alias', 'penguins-species', 'champion', '1', '--reason', 'first model: the baseline'] },
  { title: 'Sweep the MLP for a better model', argv: ['sweep', 'train/species-mlp.yaml', '--trials', '4', '--seed', '7'] },
  { title: 'Train the MLP challenger', argv: ['train', 'train/species-mlp.yaml'] },
  { title: 'Mark it as the challenger', argv: ['models', 'alias', 'penguins-species', 'challenger', '2', '--reason', 'MLP on every measurement'] },
  { title: 'Evaluate challenger vs champion on the held-out split', argv: ['eval', '--champion', 'penguins-species@champion', '--challenger', 'penguins-species@challenger', '--data', 'penguins-test@1', '--label', 'Species'], okExitCodes: [0, 1] },
  { title: 'Promote the challenger (only if the gate passed)', argv: ['promote', 'penguins-species'] },
];

/** True when the workspace already holds the story's results (so `--if-empty` skips it). */
export function storyDone(workspace: string): boolean {
  return fs.existsSync(path.join(workspace, '.loupe', 'loupe.db'));
}
