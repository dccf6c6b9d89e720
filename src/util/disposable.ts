// A base class that owns disposables (listeners, emitters) and disposes them once, safely.
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `d` (disposed with this object; at once when this object is already disposed). */
  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables.splice(0));
  }
}

/** Disposes every item, continuing when one throws; rethrows the first failure afterwards. */
export function disposeAll(items: Iterable<vscode.Disposable>): void {
  let first: unknown;
  for (const d of items) {
    try {
      d.dispose();
    } catch (e) {
      first ??= e;
    }
  }
  if (first !== undefined) throw first;
}
