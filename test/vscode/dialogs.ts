// Stubs of vscode.window's dialogs for extension-host suites: a command runs for real (its provider, its HTTP,
// its diff editors) while its questions — quick picks, the connector picker, the open dialog, the modal
// confirmation — are answered by the test, which also records what was shown (messages, the items offered).
import * as vscode from 'vscode';

type Win = Record<string, (...args: unknown[]) => unknown>;

export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  key?: string;
  kind?: number;
  /** The connector picker's items carry the connector they name. */
  connector?: { scriptName: string };
}

export interface Dialogs {
  /** Answers a multi-select quick pick (Promote's file choice): the items to return, or undefined (Escape). Default: the checked ones. */
  files?: (items: PickItem[]) => PickItem[] | undefined | Promise<PickItem[] | undefined>;
  /** Answers single quick picks (tenant, target connector, file kind…): the item to return. Default: the first. */
  pick?: (items: PickItem[]) => PickItem | undefined;
  /** Answers the modal confirmation: true (its action button, e.g. Upload; the default) or false (Cancel). May act first. */
  confirm?: boolean | ((message: string) => boolean | Promise<boolean>);
  /** The connector picker (`window.createQuickPick`): the scriptName to accept once the list has loaded; undefined = Escape. */
  connector?: string;
  /** The open dialog's answer (undefined: cancelled). */
  open?: vscode.Uri;
}

export interface Shown {
  /** The items of the last multi-select quick pick. */
  fileItems: PickItem[];
  /** The items of every single quick pick, in order. */
  picks: PickItem[][];
  /** The items the connector picker held when it was answered. */
  connectorItems: PickItem[];
  modals: string[];
  warnings: string[];
  infos: string[];
  errors: string[];
  /** How often the open dialog was shown. */
  openDialogs: number;
}

interface FakeQuickPick {
  items: readonly PickItem[];
  selectedItems: readonly PickItem[];
  busy: boolean;
  [other: string]: unknown;
}

/**
 * `window.createQuickPick` as the connector picker uses it: items arrive while it is busy; once it is not, the
 * item naming `scriptName` is accepted (or, without one, the picker is hidden).
 */
function fakeQuickPick(scriptName: string | undefined, shown: Shown): FakeQuickPick {
  const accept = new vscode.EventEmitter<void>();
  const hide = new vscode.EventEmitter<void>();
  const qp: FakeQuickPick = {
    items: [],
    selectedItems: [],
    busy: false,
    onDidAccept: accept.event,
    onDidHide: hide.event,
    onDidChangeValue: new vscode.EventEmitter<string>().event,
    onDidChangeSelection: new vscode.EventEmitter<unknown>().event,
    onDidChangeActive: new vscode.EventEmitter<unknown>().event,
    onDidTriggerButton: new vscode.EventEmitter<unknown>().event,
    onDidTriggerItemButton: new vscode.EventEmitter<unknown>().event,
    show: () => {
      void (async () => {
        const deadline = Date.now() + 15_000;
        // The list loads in the background: wait for it (the picker stops being busy), as a user would.
        await new Promise((r) => setTimeout(r, 0));
        while (qp.busy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        shown.connectorItems = [...qp.items];
        const item = scriptName === undefined ? undefined : qp.items.find((i) => i.connector?.scriptName === scriptName);
        if (!item) {
          hide.fire();
          return;
        }
        qp.selectedItems = [item];
        accept.fire();
      })();
    },
    hide: () => hide.fire(),
    dispose: () => {
      accept.dispose();
      hide.dispose();
    },
  };
  return qp;
}

/** Runs `work` with vscode.window's dialogs answered by `dialogs`; returns its result and what was shown. */
export async function withDialogs<T>(dialogs: Dialogs, work: () => Thenable<T>): Promise<{ result: T; shown: Shown }> {
  const win = vscode.window as unknown as Win;
  const names = ['showQuickPick', 'showWarningMessage', 'showInformationMessage', 'showErrorMessage', 'showOpenDialog', 'createQuickPick'] as const;
  const saved = Object.fromEntries(names.map((n) => [n, win[n]]));
  const shown: Shown = { fileItems: [], picks: [], connectorItems: [], modals: [], warnings: [], infos: [], errors: [], openDialogs: 0 };
  win.showQuickPick = async (items: unknown, options: unknown) => {
    const list = (await items) as PickItem[];
    if ((options as { canPickMany?: boolean } | undefined)?.canPickMany) {
      shown.fileItems = list;
      return dialogs.files ? dialogs.files(list) : list.filter((i) => i.picked);
    }
    shown.picks.push(list);
    return dialogs.pick ? dialogs.pick(list) : list[0];
  };
  win.showWarningMessage = async (message: unknown, ...rest: unknown[]) => {
    const options = rest[0] as { modal?: boolean } | undefined;
    if (options?.modal) {
      shown.modals.push(String(message));
      const yes = typeof dialogs.confirm === 'function' ? await dialogs.confirm(String(message)) : dialogs.confirm !== false;
      // The action button (Upload…), or Cancel.
      return yes ? rest[1] : undefined;
    }
    shown.warnings.push(String(message));
    return undefined;
  };
  win.showInformationMessage = async (message: unknown) => {
    shown.infos.push(String(message));
    return undefined;
  };
  win.showErrorMessage = async (message: unknown) => {
    shown.errors.push(String(message));
    return undefined;
  };
  win.showOpenDialog = async () => {
    shown.openDialogs++;
    return dialogs.open ? [dialogs.open] : undefined;
  };
  win.createQuickPick = () => fakeQuickPick(dialogs.connector, shown);
  try {
    return { result: await work(), shown };
  } finally {
    Object.assign(win, saved);
  }
}

/** The open diff editors' inputs. */
export function diffTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.input)).filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff);
}
