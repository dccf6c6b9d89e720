// A stand-in for the `vscode` module whose l10n.t translates from a small bundle, so a unit test can see which
// texts reach the user through l10n (no VS Code in the unit stage). install() before requiring the module under
// test; uninstall() after.
import Module from 'node:module';
import { english } from '../../../src/util/translate';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };

/** What vscode.l10n.t finds translated; a message not in it reads as English. */
export const bundle = new Map<string, string>();

class FileSystemError extends Error {
  static FileNotFound(message?: string): FileSystemError {
    return new FileSystemError(message);
  }
  static NoPermissions(message?: string): FileSystemError {
    return new FileSystemError(message);
  }
  static Unavailable(message?: string): FileSystemError {
    return new FileSystemError(message);
  }
}

/** vscode.EventEmitter as far as constructors use it. */
class EventEmitter {
  readonly event = (): { dispose(): void } => ({ dispose: () => undefined });
  fire(): void {}
  dispose(): void {}
}

/** vscode.Uri as built from parts (`Uri.from`). */
class Uri {
  scheme = '';
  authority = '';
  path = '';
  query = '';
  fragment = '';
  static from(parts: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return Object.assign(new Uri(), parts);
  }
}

/** What the code under test showed: quick picks (their items) and executed commands (their arguments). */
export const shown = { quickPicks: [] as unknown[][], commands: [] as unknown[][] };

export const vscodeStandIn = {
  l10n: { t: (message: string, ...args: Array<string | number | boolean>) => english(bundle.get(message) ?? message, ...args) },
  FileSystemError,
  EventEmitter,
  Uri,
  workspace: { onDidChangeConfiguration: () => ({ dispose: () => undefined }) },
  window: { showQuickPick: (items: unknown[]) => (shown.quickPicks.push(items), Promise.resolve(undefined)) },
  commands: { executeCommand: (...args: unknown[]) => (shown.commands.push(args), Promise.resolve(undefined)) },
};

let originalLoad: Load | undefined;

export function install(): void {
  const load = moduleInternals._load;
  originalLoad = load;
  moduleInternals._load = function (request, parent, isMain) {
    return request === 'vscode' ? vscodeStandIn : load.call(this, request, parent, isMain);
  };
}

export function uninstall(): void {
  if (originalLoad) moduleInternals._load = originalLoad;
  originalLoad = undefined;
  bundle.clear();
  shown.quickPicks.length = 0;
  shown.commands.length = 0;
}

/**
 * For the calling describe(): the stand-in installed before its tests, the module under test loaded by `load`
 * (a require, after the stand-in is in place), and the stand-in removed after, with every module that load added
 * to the require cache (they hold this stand-in as their `vscode`; other suites bring their own). Returns the
 * loaded module's getter.
 */
export function loadWithStandIn<T>(load: () => T): () => T {
  let loaded: T | undefined;
  let added: string[] = [];
  before(() => {
    const cached = new Set(Object.keys(require.cache));
    install();
    loaded = load();
    added = Object.keys(require.cache).filter((id) => !cached.has(id));
  });
  after(() => {
    for (const id of added) delete require.cache[id];
    uninstall();
  });
  return () => {
    if (loaded === undefined) throw new Error('the module under test is loaded in before()');
    return loaded;
  };
}
