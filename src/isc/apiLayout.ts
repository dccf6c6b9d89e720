// Where a tenant serves the Connectors API. SailPoint publishes the same 13 operations under several layouts:
// per service (`/connectors/v1`, the newest) and per API version (`/v2026/connectors`, … `/beta/connectors`), and
// retires old versions over time (test/mock-tenant/CONTRACT.md §1, §11). This module is the one table of those layouts and the one
// decision of which layout a client uses: a pinned one, or 'auto' — the newest the tenant serves, found with one
// cheap probe of the collection per layout (`GET …?limit=1`), newest first, once per client, and again only when
// the collection route itself is gone. A 404 alone never says which: a connector that does not exist answers 404
// too (with the same body), so the route question is put to the collection, whose GET never 404s while it is served.
// Pure: no 'vscode', no HTTP (the client supplies the probe).
import { localized, type LocalizedText } from '../util/translate';

/** The layouts, newest first: the order 'auto' probes them in. */
export const API_LAYOUT_IDS = ['connectors-v1', 'v2026', 'v2025', 'v2024', 'v3', 'beta'] as const;
export type ApiLayoutId = (typeof API_LAYOUT_IDS)[number];

/** What a client or tenant is set to: a layout, or 'auto' (detect). */
export type ApiLayoutSetting = 'auto' | ApiLayoutId;
export const API_LAYOUT_SETTINGS: readonly ApiLayoutSetting[] = ['auto', ...API_LAYOUT_IDS];
export const DEFAULT_API_LAYOUT: ApiLayoutSetting = 'auto';

export interface ApiLayout {
  readonly id: ApiLayoutId;
  /** The collection's path below the tenant's API base URL: `/connectors/v1`, `/v2024/connectors`. */
  readonly collectionPath: string;
  /** What the Set API Layout picker says of it (an l10n text: the command translates it). */
  readonly description: LocalizedText;
}

/** A layout of one API version: the collection is `/{version}/connectors`. */
function versionedLayout(id: Exclude<ApiLayoutId, 'connectors-v1'>, description: LocalizedText): ApiLayout {
  return { id, collectionPath: `/${id}/connectors`, description };
}

export const API_LAYOUTS: readonly ApiLayout[] = [
  { id: 'connectors-v1', collectionPath: '/connectors/v1', description: localized('per-service Connectors API v1') },
  versionedLayout('v2026', localized('API version {0}', '2026')),
  versionedLayout('v2025', localized('API version {0}', '2025')),
  versionedLayout('v2024', localized('API version {0}', '2024')),
  versionedLayout('v3', localized('API version {0}', '3')),
  versionedLayout('beta', localized('beta API')),
];

export function apiLayout(id: ApiLayoutId): ApiLayout {
  const layout = API_LAYOUTS.find((l) => l.id === id);
  if (!layout) throw new TypeError(`Unknown API layout ${JSON.stringify(id)}`);
  return layout;
}

export function isApiLayoutId(value: unknown): value is ApiLayoutId {
  return typeof value === 'string' && (API_LAYOUT_IDS as readonly string[]).includes(value);
}

export function isApiLayoutSetting(value: unknown): value is ApiLayoutSetting {
  return value === 'auto' || isApiLayoutId(value);
}

/**
 * The layout an old `iscStudio.apiVersionPath` value meant (`/v2025`, `v3/`, `/connectors/v1`, …), or undefined
 * for a value that names none.
 */
export function layoutOfVersionPath(value: string): ApiLayoutId | undefined {
  const path = value.trim().replace(/^\/+|\/+$/g, '').toLowerCase();
  if (path === 'connectors/v1') return 'connectors-v1';
  return isApiLayoutId(path) && path !== 'connectors-v1' ? path : undefined;
}

/**
 * Which layout a request path is under, and the (still percent-encoded) segments after its collection:
 * `/connectors/v1/ad/source-config` → `{ layout: 'connectors-v1', rest: ['ad', 'source-config'] }`.
 */
export function matchLayoutPath(pathname: string): { layout: ApiLayoutId; rest: string[] } | undefined {
  for (const layout of API_LAYOUTS) {
    if (pathname === layout.collectionPath || pathname.startsWith(`${layout.collectionPath}/`)) {
      const rest = pathname.slice(layout.collectionPath.length).split('/').slice(1);
      return { layout: layout.id, rest };
    }
  }
  return undefined;
}

/** Statuses with which a collection probe says "this route is not served": 404, and 410 Gone for a retired one. */
export function isRouteAbsentStatus(status: number | undefined): boolean {
  return status === 404 || status === 410;
}

/** The answer of one collection probe. */
export type ProbeResult = 'served' | 'absent';

/**
 * Probes one layout's collection (`GET …?limit=1`); throws for any failure that is not an answer (401, 5xx, …).
 * Probes are shared by every request waiting on them, so no single request's cancellation stops them.
 */
export type LayoutProbe = (layout: ApiLayoutId) => Promise<ProbeResult>;

export interface ApiLayoutState {
  readonly setting: ApiLayoutSetting;
  /** The layout in use: the pinned one, or the one 'auto' found (undefined until it has probed). */
  readonly layout: ApiLayoutId | undefined;
}

export interface ApiLayoutResolverOptions {
  /** The error when 'auto' finds no layout served (`tried`: every layout, newest first). */
  noneServed: (tried: readonly ApiLayoutId[]) => Error;
  /** Told each time 'auto' settles on a layout (the first detection and every later change). */
  onDetected?: (layout: ApiLayoutId, previous: ApiLayoutId | undefined) => void;
}

/**
 * The layout one client uses. Pinned: always that one, never a probe. 'auto': detected on first use (one shared
 * detection however many requests wait for it; a failed detection is not remembered), and detected again only
 * when `afterNotFound` finds the collection of the layout in use gone.
 */
export class ApiLayoutResolver {
  private detected: ApiLayoutId | undefined;
  private detection: Promise<ApiLayoutId> | undefined;
  /** Per layout, the collection probe deciding a 404 under it (shared by the 404s that arrive meanwhile). */
  private readonly verifications = new Map<ApiLayoutId, Promise<ApiLayoutId | undefined>>();

  constructor(
    readonly setting: ApiLayoutSetting,
    private readonly probe: LayoutProbe,
    private readonly options: ApiLayoutResolverOptions,
  ) {}

  get state(): ApiLayoutState {
    return { setting: this.setting, layout: this.setting === 'auto' ? this.detected : this.setting };
  }

  /** The layout to send a request under (detecting it first under 'auto'). */
  current(): Promise<ApiLayoutId> {
    if (this.setting !== 'auto') return Promise.resolve(this.setting);
    if (this.detected !== undefined) return Promise.resolve(this.detected);
    return this.detect();
  }

  /**
   * A request under `used` was answered 404 (or 410). Returns the layout to send it again under when the
   * collection route of `used` is gone and another layout is served; undefined when the answer stands (a pinned
   * layout, a missing connector, or the route question could not be decided).
   */
  async afterNotFound(used: ApiLayoutId): Promise<ApiLayoutId | undefined> {
    if (this.setting !== 'auto') return undefined;
    if (this.detection) {
      // Another request found the route gone meanwhile: send this one under what that detection finds. When that
      // detection fails, the request that started it reports the failure; this one's own 404 answer stands.
      const next = await this.detection.catch(() => undefined);
      return next !== undefined && next !== used ? next : undefined;
    }
    if (this.detected !== undefined && this.detected !== used) return this.detected;
    let verification = this.verifications.get(used);
    if (!verification) {
      verification = this.verify(used).finally(() => this.verifications.delete(used));
      this.verifications.set(used, verification);
    }
    return verification;
  }

  private async verify(used: ApiLayoutId): Promise<ApiLayoutId | undefined> {
    let answer: ProbeResult;
    try {
      answer = await this.probe(used);
    } catch {
      // Undecided (the probe failed): the 404 stands; the next 404 asks again.
      return undefined;
    }
    if (answer === 'served') return undefined;
    if (this.detected === used) this.detected = undefined;
    try {
      const next = await this.detect();
      return next !== used ? next : undefined;
    } catch {
      // No layout served any more: the request's own 404 says so best.
      return undefined;
    }
  }

  private detect(): Promise<ApiLayoutId> {
    if (!this.detection) {
      const detection = this.probeNewestFirst().then(
        (layout) => {
          const previous = this.detected;
          this.detected = layout;
          this.options.onDetected?.(layout, previous);
          return layout;
        },
      );
      this.detection = detection;
      const clear = (): void => {
        if (this.detection === detection) this.detection = undefined;
      };
      detection.then(clear, clear);
    }
    return this.detection;
  }

  private async probeNewestFirst(): Promise<ApiLayoutId> {
    for (const id of API_LAYOUT_IDS) {
      if ((await this.probe(id)) === 'served') return id;
    }
    throw this.options.noneServed(API_LAYOUT_IDS);
  }
}
