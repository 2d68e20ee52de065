import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec without `eval`: the panel's CSP forbids it, so vega parses expressions to
 * an AST and runs them with vega-interpreter instead of generating code.
 */
export async function renderChart(container: HTMLElement, spec: TopLevelSpec): Promise<View> {
  const runtime = parse(compile(spec).spec, undefined, { ast: true });
  const view = new View(runtime, { expr: expressionInterpreter, renderer: 'canvas', container, hover: true });
  await view.runAsync();
  return view;
}
