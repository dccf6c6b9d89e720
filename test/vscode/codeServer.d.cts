// Types of codeServer.cjs (plain CommonJS, loaded by the ESM shim and by the TypeScript tests).
import type { BrowserContext, Page } from 'playwright-core';

export declare const projectRoot: string;
export interface CachePaths { cache: string; node24: string; codeServerEntry: string; chromium: string }
export declare function cachePaths(): CachePaths;
export declare function ensureInstalled(): CachePaths;
export declare function freePort(preferred?: number): Promise<number>;
export declare const DEAD_PROXY: string;
export declare const LOOPBACK_CHROMIUM_ARGS: string[];
export declare const QUIET_SETTINGS: Record<string, unknown>;
export declare function seedUserSettings(userDataDir: string, extra?: Record<string, unknown>): string;
export declare function loopbackEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;

export interface CodeServerOptions {
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  port?: number;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  extraArgs?: string[];
}
export interface CodeServer {
  port: number;
  pid: number;
  authority: string;
  url: string;
  logFile: string;
  remote(absPath: string): string;
  stop(): Promise<void>;
}
export declare function startCodeServer(opts: CodeServerOptions): Promise<CodeServer>;
export declare function workbenchUrl(server: CodeServer, folder?: string, payload?: [string, string][]): string;
export interface Chromium { context: BrowserContext; page: Page; close(): Promise<void> }
export declare function launchChromium(opts?: { viewport?: { width: number; height: number } }): Promise<Chromium>;
export declare function installExtension(extensionsDir: string, vsixPath: string): void;
