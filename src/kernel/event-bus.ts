/**
 * Typed events, `noun:verb` (graphile-worker's style): the scheduler, the
 * runner and the threads say what happens; the control channel and the UI
 * listen. Emitters never know who listens, and a listener that throws never
 * breaks the emitter.
 */
export class EventBus<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<(data: never) => void>>();
  private readonly any = new Set<(name: keyof Events, data: Events[keyof Events]) => void>();

  on<K extends keyof Events>(name: K, listener: (data: Events[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (data: never) => void);
    return () => set.delete(listener as (data: never) => void);
  }

  /** Every event, for forwarding (the control channel's stream). */
  onAny(listener: (name: keyof Events, data: Events[keyof Events]) => void): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }

  emit<K extends keyof Events>(name: K, data: Events[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as (d: Events[K]) => void)(data);
      } catch {
        // A listener's failure is its own; the emitter goes on.
      }
    }
    for (const listener of this.any) {
      try {
        listener(name, data);
      } catch {
        // idem
      }
    }
  }
}
