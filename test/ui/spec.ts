// The contract of a UI spec (test/ui/specs/*.spec.ts). The runner (test/ui/run.ts) gives each spec a fresh
// code-server (fresh profile, extensions folder and workspace) with the extension loaded, and a fresh browser.
import type { MockTenant } from '../mock-tenant/server';
import type { CodeServer } from '../vscode/codeServer.cjs';
import type { Workbench } from './workbench';

export interface UiSpecContext {
  /** The workspace folder the workbench was opened on (an empty temp folder). */
  workspace: string;
  /** The code-server instance (url, port). */
  server: CodeServer;
  /**
   * The local tenant (running in this process, so `store`, `requests` and `faults` are live) the extension was
   * given through SAIL_BASE_URL/SAIL_CLIENT_ID/SAIL_CLIENT_SECRET; set when the spec `needsTenant`.
   */
  tenant: MockTenant | undefined;
  /** Saves a screenshot as media/screenshots/<name>.png (for the README); returns the path. */
  screenshotForDocs(name: string): Promise<string>;
  /** Prints a progress line prefixed with the spec's name. */
  log(message: string): void;
}

/** What a spec module exports. */
export interface UiSpec {
  /** One sentence: what a user can do. */
  title: string;
  /** Start a local tenant and hand it to the extension through the SAIL_* variables before the workbench opens. */
  needsTenant?: boolean;
  run(workbench: Workbench, ctx: UiSpecContext): Promise<void>;
}
