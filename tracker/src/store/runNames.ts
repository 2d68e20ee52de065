/** Readable default run names ("amber-falcon-3"), like W&B's, so a table of runs is easy to talk about. */
const ADJECTIVES = ['amber', 'brisk', 'calm', 'dapper', 'eager', 'fuzzy', 'gentle', 'hazel', 'ivory', 'jolly', 'keen', 'lucid', 'mellow', 'noble', 'olive', 'proud', 'quiet', 'rapid', 'sunny', 'tidy', 'vivid', 'witty'];
const NOUNS = ['badger', 'crane', 'dingo', 'egret', 'falcon', 'gecko', 'heron', 'ibis', 'jackal', 'koala', 'lynx', 'marten', 'newt', 'otter', 'panda', 'quail', 'raven', 'stoat', 'tapir', 'viper', 'walrus', 'yak'];

export function suggestRunName(ordinal: number, random: () => number = Math.random): string {
  const pick = (list: string[]) => list[Math.floor(random() * list.length)];
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${ordinal}`;
}
