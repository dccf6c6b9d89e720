// The official TypeScript SDK (sailpoint-api-client) driven the way its README and its code intend:
// `Configuration({ baseurl, clientId, clientSecret, tokenUrl })` fetches the token (multipart client_credentials)
// in its constructor, ConnectorsV2024Api appends `/v2024` to `baseurl`, and `Paginator.paginate` walks pages of
// `increment` sequentially until a short page (for 10,000 items: 40 full pages plus an empty one at offset 10,000).
import { createRequire } from 'node:module';
import type { AxiosInstance, AxiosStatic } from 'axios';
import { Configuration, ConnectorsV2024Api, Paginator } from 'sailpoint-api-client';

// The SDK's own axios (a dependency of sailpoint-api-client), not one of ours.
const sdkRequire = createRequire(require.resolve('sailpoint-api-client'));
const sdkAxios = sdkRequire('axios') as AxiosStatic;

export class SdkContender {
  readonly api: ConnectorsV2024Api;
  /** 429 responses the SDK's axios saw. */
  tooManyRequests = 0;
  private readonly axios: AxiosInstance;

  constructor(baseUrl: string, clientId: string, clientSecret: string) {
    const configuration = new Configuration({ baseurl: baseUrl, clientId, clientSecret, tokenUrl: `${baseUrl}/oauth/token` });
    // A fresh axios instance per contender: the SDK installs axios-retry interceptors on the instance at EVERY
    // request (common.ts createRequestFunction), so on the shared global instance they pile up across runs and
    // later runs would pay for earlier ones. A fresh instance keeps each run independent (in the SDK's favour).
    this.axios = sdkAxios.create();
    this.axios.interceptors.response.use(undefined, (error: unknown) => {
      const status = (error as { response?: { status?: number } }).response?.status;
      if (status === 429) this.tooManyRequests++;
      return Promise.reject(error);
    });
    this.api = new ConnectorsV2024Api(configuration, undefined, this.axios);
  }

  /** Every connector through the SDK's Paginator (page size 250, its default increment). */
  async listAll(pageSize: number): Promise<unknown[]> {
    // The Paginator console.logs each page ("Paginating call, offset = …"); silenced so the SDK is not charged
    // for terminal output and the bench output stays readable.
    const log = console.log;
    console.log = () => undefined;
    try {
      const res = await Paginator.paginate(this.api, this.api.getConnectorList, {}, pageSize);
      return res.data;
    } finally {
      console.log = log;
    }
  }

  async getSourceConfig(scriptName: string): Promise<string> {
    const res = await this.api.getConnectorSourceConfig({ scriptName });
    return res.data;
  }

  /** The SDK types `file` as a DOM File; Node 20 has a global File, sent by axios as a multipart file part. */
  async putSourceConfig(scriptName: string, xml: string): Promise<unknown> {
    const file = new File([xml], 'source-config.xml', { type: 'application/xml' });
    const res = await this.api.putConnectorSourceConfig({ scriptName, file });
    return res.data;
  }
}
