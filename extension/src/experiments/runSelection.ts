import type { ExperimentsNode } from './experimentsTree';

/**
 * Run ids from a command's arguments, whichever way it was invoked: a tree context menu passes
 * (clicked node, all selected nodes); the runs panel passes an id array; a palette call passes nothing.
 */
export function runIdsFromArgs(args: unknown[]): string[] {
  const [first, second] = args;
  const nodes = Array.isArray(second) ? second : [first];
  if (Array.isArray(first) && first.every((x) => typeof x === 'string')) return first as string[];
  return nodes.flatMap((n) => {
    if (typeof n === 'string') return [n];
    const node = n as ExperimentsNode | undefined;
    return node?.kind === 'run' ? [node.run.id] : [];
  });
}
