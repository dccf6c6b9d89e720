// Handlers of the language server never throw into the connection: errors are logged and a neutral result returned.
import { type CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

export interface ErrorLog {
  error(message: string): void;
}

export function formatError(message: string, err: unknown): string {
  if (err instanceof Error) return `${message}: ${err.message}\n${err.stack ?? ''}`;
  return `${message}: ${String(err)}`;
}

/** Runs `func`; on an exception logs it and returns `errorVal`. Honours cancellation. */
export function runSafe<T, E>(log: ErrorLog, func: () => T, errorVal: T, errorMessage: string, token: CancellationToken | undefined): T | ResponseError<E> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = func();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (e) {
    log.error(formatError(errorMessage, e));
    return errorVal;
  }
}

/** Runs `func` and swallows (logs) any exception: for notifications and timers. */
export function runSafeVoid(log: ErrorLog, func: () => void | Promise<void>, errorMessage: string): void {
  try {
    const result = func();
    if (result instanceof Promise) result.catch((e: unknown) => log.error(formatError(errorMessage, e)));
  } catch (e) {
    log.error(formatError(errorMessage, e));
  }
}

function cancelled<E>(): ResponseError<E> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
