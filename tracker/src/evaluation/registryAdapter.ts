import type { SqliteDatabase } from '../store/database';
import type { AliasStore } from './aliasStore';
import type { InputColumn, ModelAdapter, Prediction, Row } from './types';

type Registry = typeof import('../registry');

/**
 * The registry is loaded on first use, not at import: `loupe eval` with command models must not pay
 * for tfjs. A literal path keeps it typed and lets the bundler include it.
 */
function registry(): Registry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../registry') as Registry;
}

/** What evaluation needs of a model the registry loaded (probabilities in `classes` order). */
export interface RegistryLoadedModel {
  classes: string[];
  inputSchema?: InputColumn[];
  predict(rows: Row[]): Promise<{ label?: string | number; probabilities?: number[]; value?: number }[]>;
  dispose?(): void;
}

/** Wraps a loaded registry model: its class-ordered probabilities become a class → probability record. */
export function adapterFromRegistryModel(ref: string, model: RegistryLoadedModel, description = `registered model ${ref}`): ModelAdapter {
  return {
    id: ref,
    describe: () => description,
    inputSchema: model.inputSchema,
    close: () => model.dispose?.(),
    predict: async (rows) =>
      (await model.predict(rows)).map((p): Prediction => {
        const out: Prediction = {};
        if (p.label !== undefined) out.label = String(p.label);
        if (p.value !== undefined) out.value = p.value;
        if (p.probabilities) out.probabilities = Object.fromEntries(model.classes.map((c, k) => [c, p.probabilities![k]]));
        return out;
      }),
  };
}

/**
 * An adapter for `MODEL@VERSION` / `MODEL@ALIAS`. Its id names the concrete version, so an
 * evaluation of `penguins@champion` is recorded against (and promotes from) `penguins@3`.
 */
export async function registeredModelAdapter(loupeDir: string, ref: string): Promise<ModelAdapter> {
  const reg = registry();
  const { model, version, pkg } = reg.resolveModelRef(loupeDir, ref);
  const loaded = await reg.loadModel(pkg);
  const concrete = `${model}@${version}`;
  return adapterFromRegistryModel(
    concrete,
    {
      classes: loaded.classes,
      inputSchema: loaded.inputSchema,
      // The registry's rows hold strings, numbers and missing values; a boolean cell (only possible
      // from in-process callers, never from CSV) reaches its preprocessing as text.
      predict: (rows) => loaded.predict(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v])))),
      dispose: () => loaded.dispose(),
    },
    `registered model ${concrete}${concrete === ref ? '' : ` (from ${ref})`}`,
  );
}

/** The registry's alias storage (model_aliases + alias_events) for `loupe promote` / `loupe rollback`. */
export function registryAliasStore(db: SqliteDatabase): AliasStore {
  return registry().createAliasStore(db);
}
