// The one log of the extension: a LogOutputChannel named "ISC Connector Studio".
// Component-prefixed lines, errors with their stack, one line per API request. Never a secret or a token.
import * as vscode from 'vscode';
import type { IscLogger, RequestLogEntry } from '../isc/types';

export const LOG_CHANNEL_NAME = 'ISC Connector Studio';

export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(channel?: vscode.LogOutputChannel) {
    this.channel = channel ?? vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  }

  info(component: string, message: string): void {
    this.channel.info(`[${component}] ${message}`);
  }

  warn(component: string, message: string): void {
    this.channel.warn(`[${component}] ${message}`);
  }

  debug(component: string, message: string): void {
    this.channel.debug(`[${component}] ${message}`);
  }

  /** Logs a failure with its stack (and its cause's). */
  error(component: string, message: string, err?: unknown): void {
    const detail = err === undefined ? '' : `\n${errorStack(err)}`;
    this.channel.error(`[${component}] ${message}${detail}`);
  }

  /** One line per API request: method, path, status, duration, trackingId (+ tenant). */
  request(tenantId: string, entry: RequestLogEntry): void {
    this.channel.info(`[http] ${formatRequestLine(tenantId, entry)}`);
  }

  /** An `IscLogger` for one tenant's client that writes into this log. */
  forTenant(tenantId: string): IscLogger {
    return {
      request: (entry) => this.request(tenantId, entry),
      debug: (message) => this.debug(`isc:${tenantId}`, message),
      warn: (message) => this.warn(`isc:${tenantId}`, message),
    };
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** `acme GET /v2024/connectors?limit=250 → 200 123 ms trackingId=…`. */
function formatRequestLine(tenantId: string, e: RequestLogEntry): string {
  const outcome = e.status !== undefined ? String(e.status) : `failed (${e.error ?? 'no response'})`;
  const parts = [`${tenantId} ${e.method} ${e.path} → ${outcome} ${Math.round(e.durationMs)} ms`];
  if (e.trackingId) parts.push(`trackingId=${e.trackingId}`);
  if (e.attempt > 0) parts.push(`retry=${e.attempt}`);
  return parts.join(' ');
}

function errorStack(err: unknown): string {
  if (err instanceof Error) {
    const own = err.stack ?? `${err.name}: ${err.message}`;
    return err.cause !== undefined ? `${own}\nCaused by: ${errorStack(err.cause)}` : own;
  }
  return String(err);
}
