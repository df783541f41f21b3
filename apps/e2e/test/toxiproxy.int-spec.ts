import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadStackConfig } from '@platform/stack';
import { Client } from 'pg';
import { ToxiproxyClient, type Proxy } from '../src/faults/network/toxiproxy-client';
import { ToxiproxyServer } from '../src/faults/network/toxiproxy-server';

jest.setTimeout(60_000);

const { postgres } = loadStackConfig().endpoints;

// The fault matrix's network scenarios rest on this: a toxic on a proxy reaches the connections
// already open through it, and taking it off gives them back their normal speed.
describe(ToxiproxyClient.name, () => {
  let server: ToxiproxyServer;
  let proxy: Proxy;

  beforeAll(async () => {
    server = await ToxiproxyServer.start({ port: await freePort() });
    proxy = await server.client.createProxy({
      name: 'postgres',
      listen: '127.0.0.1:0',
      upstream: `${postgres.host}:${postgres.port}`,
    });
  });
  afterAll(() => server.stop());
  afterEach(() => server.client.reset());

  async function connectThroughProxy(): Promise<Client> {
    const client = new Client({
      host: '127.0.0.1',
      port: Number(proxy.listen.split(':')[1]),
      user: postgres.user,
      password: postgres.password,
      database: 'postgres',
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  async function queryMs(client: Client): Promise<number> {
    const startedAt = performance.now();
    await client.query('SELECT 1');
    return performance.now() - startedAt;
  }

  it('listens on the port it chose, and lists the proxy', async () => {
    expect(proxy.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expect(await server.client.proxies()).toEqual([
      expect.objectContaining({ name: 'postgres', enabled: true, toxics: [] }),
    ]);
  });

  it('delays a query on an open connection by a latency toxic, and not once it is removed', async () => {
    const client = await connectThroughProxy();
    try {
      await server.client.addToxic('postgres', {
        name: 'slow',
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes: { latency: 1_500, jitter: 0 },
      });
      expect(await queryMs(client)).toBeGreaterThanOrEqual(1_400);

      await server.client.removeToxic('postgres', 'slow');
      expect((await server.client.proxies())[0]?.toxics).toEqual([]);
      expect(await queryMs(client)).toBeLessThan(1_400);
    } finally {
      await client.end().catch(() => undefined);
    }
  });

  it('resets a connection by a reset_peer toxic; a new one works once it is removed', async () => {
    const client = await connectThroughProxy();
    await server.client.addToxic('postgres', {
      name: 'cut',
      type: 'reset_peer',
      stream: 'upstream',
      toxicity: 1,
      attributes: { timeout: 0 },
    });
    await expect(client.query('SELECT 1')).rejects.toThrow(/ECONNRESET|Connection terminated/);

    await server.client.removeToxic('postgres', 'cut');
    const fresh = await connectThroughProxy();
    try {
      expect((await fresh.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await fresh.end();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
