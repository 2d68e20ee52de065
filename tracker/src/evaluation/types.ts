/**
 * Shared shapes of the shadow-versus-champion evaluation. Rows travel to models without their label
 * column, so no model can peek at the answer it is graded on.
 */
export type Cell = string | number | boolean | null;
export type Row = Readonly<Record<string, Cell>>;

export type Task = 'classification' | 'regression';

/** One model answer: a class (optionally with class probabilities) or a number. */
export interface Prediction {
  label?: string;
  probabilities?: Record<string, number>;
  value?: number;
}

export type ColumnType = 'number' | 'string' | 'boolean';

export interface InputColumn {
  name: string;
  type: ColumnType;
}

export interface ModelAdapter {
  /** A stable reference recorded with the evaluation (e.g. `cmd:python3 m.py`, `penguins@3`). */
  id: string;
  describe(): string;
  predict(rows: Row[]): Promise<Prediction[]>;
  /** The columns the model reads; when given, the evaluation checks the data has them. */
  inputSchema?: InputColumn[];
  /** Releases processes or memory the adapter holds (optional). */
  close?(): Promise<void> | void;
}
