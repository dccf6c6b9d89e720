// A minimal event emitter shaped like VS Code's (`event(listener)` returns a disposable), for the pure modules
// that cannot use vscode.EventEmitter (they are unit-tested without VS Code).

export interface Subscription {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Subscription;

export class Emitter<T> {
  private readonly listeners = new Set<(e: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not keep the others from hearing the event. */
  fire(e: T): void {
    let first: unknown;
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== undefined) throw first;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
