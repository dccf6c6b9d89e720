// DTOs of the ISC v2024 Connectors API (names as in the OpenAPI spec, idn/v2024/schemas/*.yaml)
// and the named-parameter objects of the client's methods (as in the official SDK).
// Pure types: no runtime code, no 'vscode'.

/** `status` of a connector (V3ConnectorDto / ConnectorDetail). */
export type ConnectorStatus = 'DEPRECATED' | 'DEVELOPMENT' | 'DEMO' | 'RELEASED';

/** `status` accepted on create (V3CreateConnectorDto: no DEPRECATED). */
export type CreateConnectorStatus = 'DEVELOPMENT' | 'DEMO' | 'RELEASED';

/** The `locale` enum of the Connectors endpoints. NB: Norwegian is the string "no", never boolean false. */
export const CONNECTOR_LOCALES = [
  'de', 'no', 'fi', 'sv', 'ru', 'pt', 'ko', 'zh-TW', 'en', 'it', 'fr', 'zh-CN', 'hu', 'es', 'cs', 'ja', 'pl', 'da', 'nl',
] as const;
export type ConnectorLocale = (typeof CONNECTOR_LOCALES)[number];

/** Free-form map, e.g. `{ supportedUI: "ANGULAR", platform: "ccg", shortDesc: "…" }`. */
export type ConnectorMetadata = Record<string, unknown>;

/** V3ConnectorDto: an item of `GET /connectors` and the response of `POST /connectors`. */
export interface V3ConnectorDto {
  name?: string;
  type?: string;
  scriptName?: string;
  className?: string | null;
  features?: string[] | null;
  directConnect?: boolean;
  connectorMetadata?: ConnectorMetadata;
  status?: ConnectorStatus;
}

/** V3CreateConnectorDto: body of `POST /connectors`. */
export interface V3CreateConnectorDto {
  name: string;
  /** Defaults to "custom " + name on the server. */
  type?: string;
  /** e.g. `sailpoint.connector.OpenConnectorAdapter`. */
  className: string;
  /** Defaults to true on the server. */
  directConnect?: boolean;
  status?: CreateConnectorStatus;
}

/** FieldDetailsDto: one field of a provisioning policy. */
export interface FieldDetailsDto {
  name?: string;
  transform?: Record<string, unknown> | null;
  attributes?: Record<string, unknown> | null;
  isRequired?: boolean;
  type?: string;
  isMultiValued?: boolean;
}

/** ProvisioningPolicyDto: a default provisioning policy parsed from the application XML's templates (not patchable). */
export interface ProvisioningPolicyDto {
  name?: string;
  description?: string | null;
  /** e.g. `CREATE`, `UPDATE`, `DELETE`, `ENABLE`, `DISABLE`, `CHANGE_PASSWORD`. */
  usageType?: string;
  fields?: FieldDetailsDto[];
}

/** ConnectorDetail: `GET /connectors/{scriptName}` and the response of `PATCH`. */
export interface ConnectorDetail {
  name?: string;
  type?: string;
  className?: string;
  scriptName?: string;
  applicationXml?: string;
  correlationConfigXml?: string;
  sourceConfigXml?: string;
  sourceConfig?: string | null;
  sourceConfigFrom?: string | null;
  s3Location?: string;
  uploadedFiles?: string[] | null;
  fileUpload?: boolean;
  directConnect?: boolean;
  translationProperties?: Record<string, string>;
  connectorMetadata?: ConnectorMetadata;
  status?: ConnectorStatus;
  /**
   * Default provisioning policies parsed from the application XML's templates; always an array (empty without
   * templates) where the tenant sends it (the `/connectors/v1` docs). Read-only: not one of the patchable fields.
   */
  provisioningPolicies?: ProvisioningPolicyDto[];
}

/** The four top-level fields `PATCH /connectors/{scriptName}` accepts. */
export const PATCHABLE_CONNECTOR_FIELDS = ['connectorMetadata', 'applicationXml', 'correlationConfigXml', 'sourceConfigXml'] as const;
export type PatchableConnectorField = (typeof PATCHABLE_CONNECTOR_FIELDS)[number];

/** UpdateDetail: response of the four multipart PUTs. */
export interface UpdateDetail {
  message?: string;
  scriptName?: string;
  updatedFiles?: string[] | null;
  status?: 'ERROR' | 'UPDATED' | 'UNCHANGED' | 'SKIPPED';
}

/** JsonPatchOperation (RFC 6902). */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: string | boolean | number | Record<string, unknown> | Array<string | number | Record<string, unknown>>;
  /** For move/copy. */
  from?: string;
}

/** ErrorMessageDto. */
export interface ErrorMessageDto {
  locale?: string | null;
  localeOrigin?: 'DEFAULT' | 'REQUEST' | null;
  text?: string;
}

/** ErrorResponseDto (400, 403, 404, 500). 401 is `{ error }`, 429 is `{ message }`. */
export interface ErrorResponseDto {
  detailCode?: string;
  trackingId?: string;
  messages?: ErrorMessageDto[];
  causes?: ErrorMessageDto[];
}

/** File content for the multipart PUTs: text (sent as UTF-8) or exact bytes. */
export type UploadFile = string | Uint8Array;

// ---- Named parameters of the client's methods (one object each, like the official SDK) ----

export interface GetConnectorListRequest {
  /** A filter expression; build it with `ConnectorFilter` (src/isc/filters.ts) to get quoting right. */
  filters?: string;
  /** 0..250, default 250 on the server. */
  limit?: number;
  offset?: number;
  /** Ask the server for `X-Total-Count`. */
  count?: boolean;
  locale?: ConnectorLocale;
}
export interface CreateCustomConnectorRequest { v3CreateConnectorDto: V3CreateConnectorDto }
export interface ScriptNameRequest { scriptName: string }
export interface GetConnectorRequest { scriptName: string; locale?: ConnectorLocale }
export interface UpdateConnectorRequest {
  scriptName: string;
  jsonPatchOperation: JsonPatchOperation[];
  /** How long this request may take before the client gives up on it (default: the client's timeout). */
  timeoutMs?: number;
}
export interface PutConnectorFileRequest { scriptName: string; file: UploadFile }
export interface TranslationsRequest { scriptName: string; locale: ConnectorLocale }
export interface PutConnectorTranslationsRequest { scriptName: string; locale: ConnectorLocale; file: UploadFile }
export interface ListAllConnectorsRequest {
  filters?: string;
  locale?: ConnectorLocale;
  /** Page size, 1..250 (default 250). */
  pageSize?: number;
  /** Called as pages arrive (in offset order), e.g. to fill a tree progressively. */
  onPage?: (items: V3ConnectorDto[], offset: number, total: number | undefined) => void;
  signal?: AbortSignal;
}

/** One page of `GET /connectors` with the total when `count=true` was asked. */
export interface ConnectorPage {
  items: V3ConnectorDto[];
  /** `X-Total-Count`, when asked for. */
  total?: number;
}

/**
 * The 13 operations of the v2024 Connectors API plus `listAllConnectors`.
 * `IscClient` (client.ts) implements it; the extension depends on this interface only.
 * XML and translation GETs resolve to the exact text received.
 */
export interface ConnectorsApi {
  getConnectorList(req?: GetConnectorListRequest): Promise<V3ConnectorDto[]>;
  /** Same request as getConnectorList, also returning `X-Total-Count`. */
  getConnectorPage(req?: GetConnectorListRequest): Promise<ConnectorPage>;
  listAllConnectors(req?: ListAllConnectorsRequest): Promise<V3ConnectorDto[]>;
  createCustomConnector(req: CreateCustomConnectorRequest): Promise<V3ConnectorDto>;
  deleteCustomConnector(req: ScriptNameRequest): Promise<void>;
  getConnector(req: GetConnectorRequest): Promise<ConnectorDetail>;
  updateConnector(req: UpdateConnectorRequest): Promise<ConnectorDetail>;
  getConnectorSourceConfig(req: ScriptNameRequest): Promise<string>;
  putConnectorSourceConfig(req: PutConnectorFileRequest): Promise<UpdateDetail>;
  getConnectorSourceTemplate(req: ScriptNameRequest): Promise<string>;
  putConnectorSourceTemplate(req: PutConnectorFileRequest): Promise<UpdateDetail>;
  getConnectorCorrelationConfig(req: ScriptNameRequest): Promise<string>;
  putConnectorCorrelationConfig(req: PutConnectorFileRequest): Promise<UpdateDetail>;
  getConnectorTranslations(req: TranslationsRequest): Promise<string>;
  putConnectorTranslations(req: PutConnectorTranslationsRequest): Promise<UpdateDetail>;
}

/** A line the client logs per request. Never contains a secret or a token. */
export interface RequestLogEntry {
  method: string;
  /** Path and query, e.g. `/v2024/connectors?limit=250&offset=0`. */
  path: string;
  status?: number;
  durationMs: number;
  trackingId?: string;
  /** Set when the request failed without a response (network error, timeout). */
  error?: string;
  /** Retry attempt number (0 for the first try). */
  attempt: number;
}

export interface IscLogger {
  request?(entry: RequestLogEntry): void;
  debug?(message: string): void;
  warn?(message: string): void;
}
