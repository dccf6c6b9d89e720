// The seeded fault matrix: operation × fault × timing, generated from one seed (env FAULT_SEED overrides it).
// Pure data and small helpers; the client-level runner is faultMatrix.test.ts, the save path in the real VS Code is
// test/vscode/suite/faults.test.ts. The seed decides the order, the connector, the locale, the typed edit and the
// fault's details (Retry-After values, content types, server messages), so a failing scenario can be replayed exactly.
import type { Fault } from '../../mock-tenant/faults';
import type { MockTenant } from '../../mock-tenant/server';
import { prng } from '../../mock-tenant/seed';
import type { IscErrorKind } from '../../../src/isc/errors';

/** Used when FAULT_SEED is not set (a fixed seed keeps `npm test` reproducible). */
export const DEFAULT_FAULT_SEED = 20260406;

/** The seed of this run: FAULT_SEED (an integer) or the default. */
export function faultSeed(env: Record<string, string | undefined> = process.env): number {
  const raw = env.FAULT_SEED?.trim();
  if (raw === undefined || raw === '') return DEFAULT_FAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`FAULT_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return n >>> 0;
}

/** The 13 operations of the Connectors API, plus the paged listing (faults between its pages). */
export const OPERATIONS = [
  'getConnectorList',
  'createCustomConnector',
  'getConnector',
  'deleteCustomConnector',
  'updateConnector',
  'getConnectorSourceConfig',
  'putConnectorSourceConfig',
  'getConnectorSourceTemplate',
  'putConnectorSourceTemplate',
  'getConnectorCorrelationConfig',
  'putConnectorCorrelationConfig',
  'getConnectorTranslations',
  'putConnectorTranslations',
] as const;
export type OperationId = (typeof OPERATIONS)[number] | 'listAllConnectors';

export const UPLOAD_OPERATIONS: readonly OperationId[] = [
  'putConnectorSourceConfig', 'putConnectorSourceTemplate', 'putConnectorCorrelationConfig', 'putConnectorTranslations',
];
/** Operations whose 2xx answer is JSON (a truncated or non-JSON body is detectable). */
export const JSON_OPERATIONS: readonly OperationId[] = [
  'getConnectorList', 'createCustomConnector', 'getConnector', 'updateConnector', ...UPLOAD_OPERATIONS, 'listAllConnectors',
];

export const FAULTS = [
  '429-retry-after-seconds',
  '429-retry-after-date',
  '429-no-retry-after',
  '500',
  '502',
  '503',
  '504',
  'reset-before-response',
  'reset-mid-body',
  'hang',
  'truncated-json',
  'non-json',
  'wrong-content-type',
  'update-error',
  'update-skipped',
  'token-expired',
  'token-revoked',
  'tenant-restart',
] as const;
export type FaultId = (typeof FAULTS)[number];

/**
 * When the fault hits:
 * - `first-attempt`: the operation's first request, after a read that cached a token ("between read and save");
 * - `every-attempt`: every attempt (a storm longer than the retries);
 * - `token-request`: the OAuth token request the operation starts with;
 * - `mid-paging`: between the pages of listAllConnectors.
 */
export type Timing = 'first-attempt' | 'every-attempt' | 'token-request' | 'mid-paging';

/** What the caller must see. */
export type Expected =
  | { outcome: 'success' }
  /** The call resolves, and the UpdateDetail says SKIPPED (nothing stored). */
  | { outcome: 'skipped' }
  /** An IscApiError of one of these kinds whose message contains one of `words`. */
  | { outcome: 'error'; kinds: IscErrorKind[]; words: string[] };

export interface Scenario {
  /** 1-based position in the run. */
  index: number;
  op: OperationId;
  fault: FaultId;
  timing: Timing;
  /** Seeded choices, resolved against the tenant at run time. */
  connectorPick: number;
  locale: 'en' | 'de' | 'fr' | 'ja';
  editId: string;
  lineEnding: '\n' | '\r\n';
  retryAfterSeconds: number;
  contentType: string;
  serverMessage: string;
  expected: Expected;
}

export function scenarioTitle(s: Scenario): string {
  return `#${s.index} ${s.op} × ${s.fault} × ${s.timing}`;
}

const TRANSIENT_TEXT: Record<string, string> = {
  '500': 'An internal fault occurred.',
  '502': 'The gateway received an invalid response from an upstream server.',
  '503': 'The service is temporarily unavailable.',
  '504': 'The gateway did not receive a timely response from an upstream server.',
};

/** The server's text for a status fault (what the error must quote). */
export function serverTextOf(fault: FaultId): string | undefined {
  if (fault.startsWith('429')) return 'Rate Limit Exceeded';
  return TRANSIENT_TEXT[fault];
}

const NETWORK_WORDS = ['Could not reach'];
const TIMEOUT_WORDS = ['did not answer in time'];
const INVALID_WORDS = ['unexpected response'];

/** What the caller sees for this combination (the client's retry policy, http.ts). */
export function expectedOutcome(op: OperationId, fault: FaultId, timing: Timing, serverMessage: string): Expected {
  const success: Expected = { outcome: 'success' };
  const isPost = op === 'createCustomConnector';
  // A PUT or PATCH is not sent again after a failure that leaves its outcome unknown (502/504, a reset, a timeout):
  // the caller reads the tenant's content first (src/fs/connectorDocuments.ts). 503 and 429 are still retried.
  const isWrite = UPLOAD_OPERATIONS.includes(op) || op === 'updateConnector';
  const once = isPost || isWrite;
  const status = /^\d{3}$/.test(fault) ? fault : undefined;
  const text = serverTextOf(fault);
  if (timing === 'token-request') {
    if (fault === '500') return { outcome: 'error', kinds: ['server'], words: [text as string] };
    if (fault === 'truncated-json' || fault === 'non-json') return { outcome: 'error', kinds: ['invalidResponse'], words: INVALID_WORDS };
    return success; // 429 waits, 502/503/504, resets and timeouts are retried: asking for a token twice is harmless
  }
  if (timing === 'every-attempt') {
    if (fault.startsWith('429')) return { outcome: 'error', kinds: ['rateLimited'], words: [text as string] };
    if (status) return { outcome: 'error', kinds: ['server'], words: [text as string] };
    if (fault === 'reset-before-response') return { outcome: 'error', kinds: ['network'], words: NETWORK_WORDS };
    if (fault === 'hang') return { outcome: 'error', kinds: ['timeout'], words: TIMEOUT_WORDS };
    throw new Error(`no every-attempt expectation for ${fault}`);
  }
  // first-attempt and mid-paging: one fault, then the tenant behaves.
  switch (fault) {
    case '429-retry-after-seconds':
    case '429-retry-after-date':
    case '429-no-retry-after':
    case 'wrong-content-type':
    case 'token-expired':
    case 'token-revoked':
      return success;
    case '500':
      return { outcome: 'error', kinds: ['server'], words: [text as string] };
    case '503':
      return isPost ? { outcome: 'error', kinds: ['server'], words: [text as string] } : success;
    case '502':
    case '504':
      return once ? { outcome: 'error', kinds: ['server'], words: [text as string] } : success;
    case 'reset-before-response':
    case 'tenant-restart':
      return once ? { outcome: 'error', kinds: ['network'], words: NETWORK_WORDS } : success;
    case 'reset-mid-body':
      if (once) return { outcome: 'error', kinds: ['network', 'timeout'], words: [...NETWORK_WORDS, ...TIMEOUT_WORDS] };
      // The first DELETE was processed before the connection broke; its retry's 404 means "deleted", a success.
      return success;
    case 'hang':
      return once ? { outcome: 'error', kinds: ['timeout'], words: TIMEOUT_WORDS } : success;
    case 'truncated-json':
    case 'non-json':
      return { outcome: 'error', kinds: ['invalidResponse'], words: INVALID_WORDS };
    case 'update-error':
      return { outcome: 'error', kinds: ['updateRejected'], words: [serverMessage] };
    case 'update-skipped':
      return { outcome: 'skipped' };
  }
}

const CONTENT_TYPES = ['text/html; charset=utf-8', 'application/octet-stream', 'text/plain', 'application/json'];
const MESSAGES = [
  'unsupported xsd version, please ensure latest xsd version http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd is used for source config',
  'Attribute "maxFiles" is not allowed on Field "fileUpload"',
  'The connector is locked by another deployment; try again later',
  'Übersetzung abgelehnt: Schlüssel „ShortDesc“ doppelt',
];

function applicable(op: OperationId, fault: FaultId, timing: Timing): boolean {
  const upload = UPLOAD_OPERATIONS.includes(op);
  const json = JSON_OPERATIONS.includes(op);
  switch (timing) {
    case 'first-attempt':
      if (op === 'listAllConnectors') return false;
      if (fault === 'update-error' || fault === 'update-skipped') return upload;
      // A cut or replaced body is detectable only where the contract says JSON (an XML file cut in half with a
      // matching Content-Length is indistinguishable from a shorter file, for any client).
      if (fault === 'truncated-json' || fault === 'non-json') return json;
      return true;
    case 'every-attempt':
      return op !== 'listAllConnectors' && ['429-retry-after-seconds', '503', 'reset-before-response', 'hang'].includes(fault);
    case 'token-request':
      return op !== 'listAllConnectors'
        && ['429-retry-after-seconds', '500', '503', 'reset-before-response', 'hang', 'truncated-json', 'non-json'].includes(fault);
    case 'mid-paging':
      return op === 'listAllConnectors'
        && ['429-retry-after-seconds', '429-no-retry-after', '500', '503', 'reset-before-response', 'reset-mid-body', 'hang',
          'truncated-json', 'token-expired', 'token-revoked', 'tenant-restart'].includes(fault);
  }
}

/** Every applicable operation × fault × timing, in a seeded order with seeded details. */
export function buildScenarios(seed: number): Scenario[] {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const combos: Array<{ op: OperationId; fault: FaultId; timing: Timing }> = [];
  const timings: Timing[] = ['first-attempt', 'every-attempt', 'token-request', 'mid-paging'];
  for (const timing of timings) {
    for (const op of [...OPERATIONS, 'listAllConnectors'] as OperationId[]) {
      for (const fault of FAULTS) if (applicable(op, fault, timing)) combos.push({ op, fault, timing });
    }
  }
  // Fisher–Yates with the seeded generator.
  for (let i = combos.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [combos[i], combos[j]] = [combos[j], combos[i]];
  }
  return combos.map((c, i) => {
    const serverMessage = pick(MESSAGES);
    return {
      index: i + 1,
      ...c,
      connectorPick: int(1_000_000),
      locale: pick(['en', 'de', 'fr', 'ja'] as const),
      editId: int(0xffffff).toString(16).padStart(6, '0'),
      lineEnding: pick(['\n', '\r\n'] as const),
      retryAfterSeconds: 1 + int(5),
      contentType: pick(CONTENT_TYPES),
      serverMessage,
      expected: expectedOutcome(c.op, c.fault, c.timing, serverMessage),
    };
  });
}

/** The fault to arm on the tenant for a status/body/connection fault (not for token or restart faults). */
export function tenantFault(s: Scenario, now: number = Date.now()): Fault {
  switch (s.fault) {
    case '429-retry-after-seconds':
      return { status: 429, headers: { 'Retry-After': String(s.retryAfterSeconds) } };
    case '429-retry-after-date':
      return { status: 429, headers: { 'Retry-After': new Date(now + s.retryAfterSeconds * 1000).toUTCString() } };
    case '429-no-retry-after':
      return { status: 429 };
    case '500':
    case '502':
    case '503':
    case '504':
      return { status: Number(s.fault) };
    case 'reset-before-response':
      return { kind: 'reset-before-response' };
    case 'reset-mid-body':
      return { kind: 'reset-mid-body' };
    case 'hang':
      return { kind: 'hang', ms: Infinity };
    case 'truncated-json':
      return { kind: 'truncated-json' };
    case 'non-json':
      return { kind: 'non-json', body: '<html><body><h1>502 Bad Gateway</h1><p>proxy</p></body></html>' };
    case 'wrong-content-type':
      return { kind: 'wrong-content-type', contentType: s.contentType };
    case 'update-error':
      return { kind: 'update-status', status: 'ERROR', message: s.serverMessage };
    case 'update-skipped':
      return { kind: 'update-status', status: 'SKIPPED', message: s.serverMessage };
    case 'token-expired':
    case 'token-revoked':
    case 'tenant-restart':
      throw new Error(`${s.fault} is not an injected response fault`);
  }
}

/**
 * Arms the scenario's fault on the tenant, for the requests matching `match` (for `token-request` timing, the OAuth
 * token request). Token faults act at once; `tenant-restart` hangs the first matching request and restarts the
 * tenant once it arrived (within `restartWithinMs`): the returned promise settles after that restart.
 */
export function armScenarioFault(
  tenant: MockTenant,
  s: Scenario,
  match: { method: string; pathIncludes: string },
  restartWithinMs: number,
): Promise<void> | undefined {
  if (s.fault === 'token-expired') tenant.expireTokens();
  else if (s.fault === 'token-revoked') tenant.revokeTokens();
  else if (s.fault === 'tenant-restart') {
    const armedAt = tenant.requests.length;
    tenant.faults.inject({ kind: 'hang', ms: Infinity }, { match });
    const arrived = (): boolean => tenant.requests.slice(armedAt).some((r) => r.method === match.method && r.path.includes(match.pathIncludes));
    return pollUntil(arrived, restartWithinMs, 'the request to hang').then(() => tenant.restart());
  } else if (s.timing === 'token-request') tenant.faults.inject(tenantFault(s), { match: { method: 'POST', pathIncludes: '/oauth/token' } });
  else tenant.faults.inject(tenantFault(s), { match, times: s.timing === 'every-attempt' ? Infinity : 1 });
  return undefined;
}

function pollUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const tick = (): void => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}

/** The user's edit of a file: the tenant's text plus a seeded, non-ASCII line (XML stays well-formed). */
export function typedEdit(before: string, s: Pick<Scenario, 'editId' | 'lineEnding'>, kind: 'xml' | 'properties'): string {
  const nl = s.lineEnding;
  if (kind === 'xml') return `${before}${nl}<!-- fault matrix edit ${s.editId}: Grüße, 日本語, “quotes” & <tags> -->${nl}`;
  return `${before}${nl}faultMatrix.edit${s.editId}=Grüße \\u00fc 日本語${nl}`;
}
