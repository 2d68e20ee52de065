/** Colours and fonts read from VS Code's theme variables, so charts follow light, dark and high contrast. */
export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
}

export function readTheme(): ChartTheme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-foreground', '#333'),
    muted: v('--vscode-descriptionForeground', '#777'),
    grid: v('--vscode-editorWidget-border', '#ddd'),
    background: v('--vscode-editor-background', '#fff'),
    font: v('--vscode-font-family', 'sans-serif'),
  };
}

/** The vega-lite `config` every Loupe chart uses. */
export function chartConfig(theme: ChartTheme) {
  return {
    background: theme.background,
    font: theme.font,
    // Per-mark ARIA descriptions cost a formatted string per point and mean nothing on a canvas;
    // each chart's container carries a label instead.
    aria: false,
    axis: { labelColor: theme.muted, titleColor: theme.foreground, gridColor: theme.grid, domainColor: theme.muted, tickColor: theme.muted },
    legend: { labelColor: theme.foreground, titleColor: theme.foreground, labelLimit: 260 },
    title: { color: theme.foreground },
    view: { stroke: theme.grid },
    range: { category: { scheme: 'tableau10' } },
  };
}
