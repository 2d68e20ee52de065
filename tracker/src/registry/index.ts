import * as path from 'node:path';
import { ObjectStore } from '../objects/objectStore';
import type { SqliteDatabase } from '../store/database';
import { ModelRegistry } from './modelRegistry';
import type { ModelPackage } from './modelPackage';
import { defaultActor, parseVersion } from './registryTypes';

/** The model registry: versions, aliases with an audit log, and packages that load anywhere. */
export { ModelRegistry, type AliasMoveOptions } from './modelRegistry';
export { loadModel, type LoadedModel, type ModelPrediction } from './loadModel';
export { PACKAGE_FORMAT, parsePackage, serializePackage, type InputColumn, type ModelPackage } from './modelPackage';
export { parseModelRef, type AliasEventInfo, type ModelSummary, type ModelVersionInfo } from './registryTypes';

/** `NAME@VERSION|ALIAS` → the concrete version and its package (the evaluation module's entry point). */
export function resolveModelRef(loupeDir: string, ref: string): { model: string; version: string; pkg: ModelPackage } {
  const registry = ModelRegistry.open(loupeDir);
  try {
    const { version, package: pkg } = registry.getModel(ref);
    return { model: version.model, version: String(version.version), pkg };
  } finally {
    registry.close();
  }
}

/**
 * Alias storage as promotion sees it (get / set / previous with versions as text), on an open
 * database. The registry's audit log backs it, so promotions show up in `loupe models show`.
 */
export function createAliasStore(db: SqliteDatabase): {
  get(model: string, alias: string): string | undefined;
  set(model: string, alias: string, version: string, meta: { actor: string; reason: string }): void;
  previous(model: string, alias: string): string | undefined;
} {
  const registry = new ModelRegistry(db, new ObjectStore(path.dirname(db.name)));
  return {
    get: (model, alias) => {
      const v = registry.getAlias(model, alias);
      return v === undefined ? undefined : String(v);
    },
    set: (model, alias, version, meta) => {
      const v = parseVersion(version);
      if (v === undefined) throw new Error(`"${version}" is not a version number.`);
      registry.setAlias(model, alias, v, { actor: meta.actor || defaultActor(), reason: meta.reason });
    },
    previous: (model, alias) => {
      const from = registry.aliasHistory(model, alias).at(-1)?.fromVersion;
      return from === null || from === undefined ? undefined : String(from);
    },
  };
}
