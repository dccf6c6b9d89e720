// OAuth of the local tenant: `POST /oauth/token` (client_credentials from the query, an urlencoded or a multipart
// body) issues JWT-shaped bearer tokens with an expiry; every API request must carry a valid one.

import { randomBytes, randomUUID } from 'node:crypto';
import type { ClientCredentials } from '../../src/isc/auth';
import { HttpProblem, jsonReply, mediaType, type RecordedPart, type RecordedRequest, type Reply } from './wire';


interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

const POD = 'local';
const ORG = 'mock-tenant';

/** `pod/org` as the tenant names its stored files (`updatedFiles` of an UpdateDetail). */
export const FILE_PREFIX = `${POD}/${ORG}`;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export class TokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Every access token issued (also revoked and expired ones), e.g. to scan logs for leaks. */
  readonly issued: string[] = [];

  /**
   * @param clients the accepted credentials
   * @param ttlSeconds `expires_in` of issued tokens
   */
  constructor(
    readonly credentials: readonly ClientCredentials[],
    private readonly ttlSeconds: number,
  ) {}

  /** `POST /oauth/token`. */
  token(record: RecordedRequest, parts: RecordedPart[] | undefined): Reply {
    if (record.method !== 'POST') {
      return jsonReply(405, { error: 'method_not_allowed', error_description: `Request method '${record.method}' not supported` }, { Allow: 'POST' });
    }
    const params = new Map<string, string>();
    for (const [k, v] of record.query) {
      params.set(k, v);
    }
    const contentType = mediaType(String(record.headers['content-type'] ?? ''));
    if (contentType === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(record.body.toString('utf8'))) {
        params.set(k, v);
      }
    } else if (parts) {
      for (const p of parts) {
        params.set(p.name, p.data.toString('utf8'));
      }
    }
    const grantType = params.get('grant_type');
    if (!grantType) {
      return jsonReply(400, { error: 'invalid_request', error_description: 'Missing grant type' });
    }
    if (grantType.toLowerCase() !== 'client_credentials') {
      return jsonReply(400, { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grantType}` });
    }
    const client = this.credentials.find((c) => c.clientId === params.get('client_id') && c.clientSecret === params.get('client_secret'));
    if (!client) {
      return jsonReply(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
    }
    const ttl = this.ttlSeconds;
    const now = Date.now();
    const jti = randomUUID();
    const claims = {
      tenant_id: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
      internal: false,
      pod: POD,
      org: ORG,
      identity_id: '2c9180835d2e5168015d32f890ca1581',
      user_name: 'mock.admin',
      strong_auth: true,
      authorities: ['ORG_ADMIN'],
      client_id: client.clientId,
      strong_auth_supported: false,
      user_id: '595826',
      scope: ['sp:scopes:all'],
      exp: Math.floor(now / 1000) + ttl,
      jti,
    };
    const accessToken = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(accessToken, { clientId: client.clientId, expiresAt: now + ttl * 1000 });
    this.issued.push(accessToken);
    return jsonReply(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ttl,
      scope: 'sp:scopes:all',
      accessType: 'OFFLINE',
      tenant_id: claims.tenant_id,
      internal: false,
      pod: POD,
      strong_auth_supported: false,
      org: ORG,
      user_id: claims.user_id,
      identity_id: claims.identity_id,
      strong_auth: true,
      enabled: true,
      jti,
    }, { 'Cache-Control': 'no-store', 'Pragma': 'no-cache' });
  }

  /** The client_id of the request's valid bearer token; throws the API's 401 otherwise. */
  authenticate(record: RecordedRequest): string {
    const auth = String(record.headers.authorization ?? '');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!match) {
      throw new HttpProblem(jsonReply(401, { error: 'JWT validation failed: no bearer token in the Authorization header' }));
    }
    const token = this.tokens.get(match[1]);
    if (!token) {
      throw new HttpProblem(jsonReply(401, { error: 'JWT validation failed: token is not valid' }));
    }
    if (Date.now() >= token.expiresAt) {
      throw new HttpProblem(jsonReply(401, { error: 'JWT validation failed: JWT is expired' }));
    }
    return token.clientId;
  }

  /** Every issued token becomes invalid (401 "invalid token"). */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** Every issued token is expired from now on (401 "JWT is expired"). */
  expireAll(): void {
    const now = Date.now();
    for (const token of this.tokens.values()) {
      token.expiresAt = Math.min(token.expiresAt, now - 1);
    }
  }
}
