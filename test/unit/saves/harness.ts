// One connector file on the local tenant, the REAL IscClient, the REAL connector-document core and a simulated
// VS Code editor over it, with everything the tests watch: the questions the user was asked, what the core
// reported and logged, and every change of the file on the tenant (by a colleague or by a request).
import { IscClient, type IscClientOptions } from '../../../src/isc/client';
import type { ConnectorsApi } from '../../../src/isc/types';
import { ConnectorDocuments, type DocumentCoreDeps } from '../../../src/fs/connectorDocuments';
import type { ConnectorFileResource } from '../../../src/fs/connectorUri';
import type { ConflictVerdict, DocumentTenant, PendingConflict, UploadVerdict } from '../../../src/fs/documentDeps';
import type { ConnectorFile } from '../../../src/connectors/fileKinds';
import { startMockTenant, type MockTenant, type MockTenantOptions, type RecordedRequest } from '../../mock-tenant/server';
import { SimulatedEditor } from './simulatedEditor';
import { PINNED_LAYOUT } from '../isc/helpers';

export const TENANT_ID = 'local';
export const SCRIPT = 'saves-test';

/** A well-formed source config; edits insert fields before `</BaseConfig>`. */
export const ORIGINAL_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Form xmlns="http://www.sailpoint.com/xsd/sailpoint_form_2_0.xsd" name="Saves" type="SourceConfig">\n  <BaseConfig>\n    <Field name="host" type="url"/>\n  </BaseConfig>\n</Form>\n';

export interface Question {
  kind: 'conflict' | 'confirm' | 'problems';
  /** The tenant's content when the question was asked. */
  tenantHeld: Buffer;
  answer: ConflictVerdict | UploadVerdict;
}

export interface Mutation {
  by: 'colleague' | 'upload';
  before: Buffer;
  after: Buffer;
  /** Write requests held at the tenant when it happened (the documented in-flight window). */
  heldWrites: number;
}

export interface HarnessOptions {
  file?: ConnectorFile;
  /** The connector's scriptName (default: a new one per harness). */
  scriptName?: string;
  tenant?: MockTenantOptions;
  client?: IscClientOptions;
  /** The soft deadline of a save's upload (answerWithinMs). */
  answerWithinMs?: number;
  /** How long an unanswered upload is kept open before it is given up (default: the product's). */
  giveUpAfterMs?: number;
  confirmBeforeUpload?: boolean;
  /** The product's own wait (Node timers, as in VS Code) instead of the test's quicker one. */
  productWait?: boolean;
}

/** The local tenant and the client, shared by many harnesses (one connector each): the model test makes 1,000 of them. */
export class World {
  private readonly harnesses = new Map<string, Harness>();
  private counter = 0;
  client: IscClient;
  readonly logs: string[] = [];

  private constructor(
    readonly tenant: MockTenant,
    clientOptions: IscClientOptions,
  ) {
    this.client = new IscClient(
      { baseUrl: tenant.url, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
      {
        timeoutMs: 2000,
        retryBaseDelayMs: 1,
        retryAfterCapSeconds: 0.02,
        rateLimit: { max: 1_000_000, windowMs: 1 },
        logger: { request: (e) => this.log(JSON.stringify(e)), debug: (m) => this.log(m), warn: (m) => this.log(m) },
        // The layout is not what these tests are about: no probe request, one path shape (/v2024/connectors/…).
        ...PINNED_LAYOUT,
        ...clientOptions,
      },
    );
    const store = tenant.store;
    const setFile = store.setFile.bind(store);
    store.setFile = (scriptName, kind, content) => {
      const harness = this.harnesses.get(scriptName);
      const before = harness ? Buffer.from(store.getFile(scriptName, kind)) : undefined;
      setFile(scriptName, kind, content);
      if (harness && before) harness.changed(before, Buffer.from(store.getFile(scriptName, kind)));
    };
  }

  static async start(options: { tenant?: MockTenantOptions; client?: IscClientOptions } = {}): Promise<World> {
    const tenant = await startMockTenant({ seed: 'empty', rateLimit: false, ...options.tenant });
    return new World(tenant, options.client ?? {});
  }

  /** A world on a tenant that is already running (e.g. one a real VS Code also talks to); `close` leaves it running. */
  static attach(tenant: MockTenant, client: IscClientOptions = {}): World {
    const world = new World(tenant, client);
    world.ownsTenant = false;
    return world;
  }

  private ownsTenant = true;

  /** A new connector on the tenant and a harness (core, simulated editor) for one of its files. */
  harness(options: HarnessOptions = {}): Harness {
    const scriptName = options.scriptName ?? `${SCRIPT}-${++this.counter}`;
    this.tenant.store.add({ name: `Saves Test ${this.counter}`, scriptName, files: { 'source-config': ORIGINAL_XML }, translations: { de: 'a=b\n' }, connectorMetadata: { shortDesc: 'before' } });
    const h = new Harness(this, scriptName, options);
    this.harnesses.set(scriptName, h);
    return h;
  }

  /** Ends a harness: its connector is deleted (late requests for it find nothing to change). */
  retire(h: Harness): void {
    this.harnesses.delete(h.scriptName);
    this.tenant.store.delete(h.scriptName);
  }

  /**
   * Runs `body` on a new harness; however it ends, the tenant's faults are cleared and whatever it holds is released
   * (nothing armed or held reaches the next run), and the harness is retired.
   */
  async withHarness(options: HarnessOptions, body: (h: Harness) => Promise<void>): Promise<void> {
    const h = this.harness(options);
    try {
      await body(h);
    } finally {
      h.tenant.faults.clear();
      h.tenant.faults.release();
      this.retire(h);
    }
  }

  async close(): Promise<void> {
    this.client.dispose();
    if (!this.ownsTenant) return;
    this.tenant.faults.release();
    await this.tenant.close();
  }

  /** Log lines not yet taken by `takeNewLogs` (the secret scan looks at each line once). */
  private fresh: string[] = [];

  /** The log lines written since the last call. */
  takeNewLogs(): string[] {
    return this.fresh.splice(0);
  }

  private log(line: string): void {
    this.logs.push(line);
    this.fresh.push(line);
    if (this.logs.length > 2000) this.logs.splice(0, 1000);
    if (this.fresh.length > 10_000) this.fresh.splice(0, 5_000);
  }
}

/**
 * One World for the tests of the calling `describe`: started before them, closed after them. Returns its getter
 * (the World exists only once the suite's `before` has run).
 */
export function worldForSuite(options: Parameters<typeof World.start>[0] = {}): () => World {
  let world: World | undefined;
  before(async () => {
    world = await World.start(options);
  });
  after(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error('the World starts in the suite\'s before hook');
    return world;
  };
}

export class Harness {
  readonly resource: ConnectorFileResource;
  readonly questions: Question[] = [];
  /** Answers for the next conflict questions (default 'declined'). */
  readonly conflictAnswers: ConflictVerdict[] = [];
  readonly reports: string[] = [];
  readonly mutations: Mutation[] = [];
  readonly tenantInfo: DocumentTenant;
  readonly tenant: MockTenant;
  readonly core: ConnectorDocuments;
  readonly editor: SimulatedEditor;
  /** The client the core uses (replaceable, e.g. by one whose answers a scheduler orders). */
  client: ConnectorsApi;
  private colleagueEditing = false;
  /** Set by the single-harness `start`: closing the harness closes its world. */
  private ownWorld = false;

  constructor(
    readonly world: World,
    readonly scriptName: string,
    private readonly options: HarnessOptions,
  ) {
    this.tenant = world.tenant;
    this.client = world.client;
    this.resource = { type: 'file', tenantId: TENANT_ID, scriptName, file: options.file ?? { kind: 'sourceConfig' }, snapshot: false };
    this.tenantInfo = { id: TENANT_ID, name: 'Local', baseUrl: world.tenant.url, readOnly: false, confirmBeforeUpload: options.confirmBeforeUpload ?? false };
    this.core = new ConnectorDocuments(this.deps());
    this.editor = new SimulatedEditor(this.core, this.resource);
  }

  /** A harness on a tenant of its own (closed with it). */
  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const world = await World.start({ tenant: options.tenant, client: options.client });
    const h = world.harness(options);
    h.ownWorld = true;
    return h;
  }

  get logs(): string[] {
    return [...this.coreLogs, ...this.world.logs];
  }
  private readonly coreLogs: string[] = [];
  private coreLogsTaken = 0;

  /** The core's and the client's log lines written since the last call. */
  takeNewLogs(): string[] {
    const core = this.coreLogs.slice(this.coreLogsTaken);
    this.coreLogsTaken = this.coreLogs.length;
    return [...core, ...this.world.takeNewLogs()];
  }

  /** The source config's bytes on the tenant now. */
  held(): Buffer {
    return this.tenant.store.getFile(this.scriptName, 'source-config');
  }

  /** A colleague changes the source config on the tenant (not through this extension). */
  colleague(content: string | Buffer): void {
    this.colleagueEditing = true;
    try {
      this.tenant.store.setFile(this.scriptName, 'source-config', typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    } finally {
      this.colleagueEditing = false;
    }
  }

  /** The tenant's recorded requests for this connector. */
  recorded(from = 0): RecordedRequest[] {
    return this.tenant.requests.slice(from).filter((r) => r.pathname.endsWith(`/connectors/${this.scriptName}`) || r.pathname.includes(`/connectors/${this.scriptName}/`));
  }

  /** Requests of this connector by method (GET, PUT, PATCH) since `from` (an index into the tenant's requests). */
  requests(method: string, from = 0): number {
    return this.recorded(from).filter((r) => r.method === method).length;
  }

  /** Write requests for this connector held at the tenant (received, not processed yet). */
  heldWrites(): number {
    return this.tenant.faults.held.filter((r) => r.method !== 'GET' && (r.path.endsWith(`/connectors/${this.scriptName}`) || r.path.includes(`/connectors/${this.scriptName}/`))).length;
  }

  /** Called by the world's store watch when this connector's source config changed. */
  changed(before: Buffer, after: Buffer): void {
    if (!before.equals(after)) this.mutations.push({ by: this.colleagueEditing ? 'colleague' : 'upload', before, after, heldWrites: this.heldWrites() });
  }

  async close(): Promise<void> {
    if (this.ownWorld) await this.world.close();
    else this.world.retire(this);
  }

  private deps(): DocumentCoreDeps {
    const ask = (kind: Question['kind'], answer: ConflictVerdict | UploadVerdict) => {
      this.questions.push({ kind, tenantHeld: Buffer.from(this.held()), answer });
    };
    return {
      tenants: { get: (id) => (id === TENANT_ID ? this.tenantInfo : undefined), list: () => [this.tenantInfo] },
      clients: { getClient: async () => this.client },
      log: {
        info: (c, m) => this.coreLogs.push(`[${c}] ${m}`),
        warn: (c, m) => this.coreLogs.push(`[${c}] ${m}`),
        error: (c, m, e) => this.coreLogs.push(`[${c}] ${m} ${e instanceof Error ? e.message : ''}`),
      },
      confirmations: {
        confirmUpload: async () => {
          ask('confirm', 'upload');
          return 'upload';
        },
        confirmDespiteProblems: async () => {
          ask('problems', 'upload');
          return 'upload';
        },
        resolveConflict: async (_conflict: PendingConflict) => {
          const answer = this.conflictAnswers.shift() ?? 'declined';
          ask('conflict', answer);
          return answer;
        },
        uploadStarted: () => undefined,
      },
      reporter: {
        uploaded: (_r, _t, status, message) => this.reports.push(`uploaded ${status} ${message ?? ''}`),
        unchanged: (_r, _t, message) => this.reports.push(`unchanged ${message ?? ''}`),
        patched: (_r, _t, fields) => this.reports.push(`patched ${fields.join(',')}`),
        nothingToPatch: () => this.reports.push('nothing to patch'),
        answeredLate: (_r, _t, outcome, detail) => this.reports.push(`late ${outcome} ${detail}`),
      },
      timing: {
        answerWithinMs: () => this.options.answerWithinMs ?? 2000,
        ...(this.options.giveUpAfterMs !== undefined ? { giveUpAfterMs: () => this.options.giveUpAfterMs as number } : {}),
        // The user's patience: `ms`, or 15 ms once the tenant holds one of this connector's writes (its answer
        // cannot come before the test releases it), so the model test does not spend real seconds waiting.
        ...(this.options.productWait ? {} : { wait: (ms: number) => this.quickWait(ms) }),
      },
    };
  }

  /** The user's patience: `ms`, or 15 ms once the tenant holds one of this connector's writes. */
  private quickWait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const deadline = Date.now() + ms;
      let heldSince: number | undefined;
      const tick = () => {
        if (this.heldWrites() > 0) heldSince ??= Date.now();
        else heldSince = undefined;
        if (Date.now() >= deadline || (heldSince !== undefined && Date.now() - heldSince >= 15)) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
  }
}

export function utf8(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '' : Buffer.from(bytes).toString('utf8');
}

/** The original with one more field (its name makes each edit unique; `size` pads to change the length). */
export function withField(xml: string, name: string): string {
  return xml.replace('  </BaseConfig>', `    <Field name="${name}" type="string"/>\n  </BaseConfig>`);
}
