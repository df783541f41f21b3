/** Toxics by type, with the attributes Toxiproxy 2 takes for each (times in milliseconds). */
export type ToxicKind =
  | { type: 'latency'; attributes: { latency: number; jitter: number } }
  /** Closes the connection with a TCP RST, `timeout` ms after the first data it sees. */
  | { type: 'reset_peer'; attributes: { timeout: number } }
  /** Drops all data, and closes the connection after `timeout` ms (never when 0). */
  | { type: 'timeout'; attributes: { timeout: number } }
  /** Closes the connection once `bytes` have passed. */
  | { type: 'limit_data'; attributes: { bytes: number } }
  | { type: 'slicer'; attributes: { average_size: number; size_variation: number; delay: number } }
  /** At most `rate` KB/s. */
  | { type: 'bandwidth'; attributes: { rate: number } };

export type Toxic = ToxicKind & {
  name: string;
  /** upstream: client to server; downstream: server to client. */
  stream: 'upstream' | 'downstream';
  /** The share of connections it applies to, drawn per connection: 1 is every one. */
  toxicity: number;
};

export interface Proxy {
  name: string;
  /** host:port; the port Toxiproxy chose when asked for port 0. */
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: Toxic[];
}

/** Toxiproxy's REST API (https://github.com/Shopify/toxiproxy#http-api), typed. */
export class ToxiproxyClient {
  constructor(readonly url: string) {}

  async version(): Promise<string> {
    const answer = await this.call('GET', '/version');
    return answer.text();
  }

  async createProxy(proxy: Pick<Proxy, 'name' | 'listen' | 'upstream'>): Promise<Proxy> {
    return (await this.call('POST', '/proxies', { ...proxy, enabled: true })).json() as Promise<Proxy>;
  }

  async proxies(): Promise<Proxy[]> {
    const byName = (await (await this.call('GET', '/proxies')).json()) as Record<string, Proxy>;
    return Object.values(byName);
  }

  async deleteProxy(name: string): Promise<void> {
    await this.call('DELETE', `/proxies/${encodeURIComponent(name)}`);
  }

  /** Applies to the proxy's open connections as well as to new ones. */
  async addToxic(proxy: string, toxic: Toxic): Promise<Toxic> {
    const answer = await this.call('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, toxic);
    return answer.json() as Promise<Toxic>;
  }

  async removeToxic(proxy: string, toxic: string): Promise<void> {
    await this.call('DELETE', `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`);
  }

  /** Every toxic of every proxy removed, every proxy enabled. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const answer = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!answer.ok)
      throw new Error(`toxiproxy ${method} ${path}: ${answer.status} ${(await answer.text()).trim()}`);
    return answer;
  }
}
