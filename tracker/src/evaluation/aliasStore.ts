/**
 * Where the `champion` alias lives. The model registry (migration 3: model_aliases, alias_events)
 * owns alias storage; promotion only needs these three operations, so it can be wired to the
 * registry and tested against the in-memory store below.
 */
export interface AliasStore {
  /** The version the alias points to, if any. */
  get(model: string, alias: string): string | undefined | Promise<string | undefined>;
  /** Points the alias at `version`, recording who did it and why. */
  set(model: string, alias: string, version: string, meta: { actor: string; reason: string }): void | Promise<void>;
  /** The version the alias pointed to just before its latest move, if it ever moved. */
  previous(model: string, alias: string): string | undefined | Promise<string | undefined>;
}

export interface AliasEvent {
  model: string;
  alias: string;
  from: string | undefined;
  to: string;
  actor: string;
  reason: string;
  at: number;
}

/** An AliasStore in memory, for tests and for wiring promotion before the registry exists. */
export class MemoryAliasStore implements AliasStore {
  readonly events: AliasEvent[] = [];

  get(model: string, alias: string): string | undefined {
    return this.history(model, alias).at(-1)?.to;
  }

  set(model: string, alias: string, version: string, meta: { actor: string; reason: string }): void {
    this.events.push({ model, alias, from: this.get(model, alias), to: version, actor: meta.actor, reason: meta.reason, at: Date.now() });
  }

  previous(model: string, alias: string): string | undefined {
    return this.history(model, alias).at(-1)?.from;
  }

  private history(model: string, alias: string): AliasEvent[] {
    return this.events.filter((e) => e.model === model && e.alias === alias);
  }
}
