import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { loadStackConfig, type StackConfig } from '@platform/stack';
import type { ToxiproxyClient } from './toxiproxy-client';
import { ToxiproxyServer } from './toxiproxy-server';

export interface PlatformProxies {
  client: ToxiproxyClient;
  /** What the services need to reach Postgres and Kafka through the proxies (Redis stays direct). */
  serviceEnvironment: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A Toxiproxy server with one proxy in front of Postgres and one in front of the broker's PROXIED
 * listener, passing everything through until a scenario adds a toxic. Its API listens on
 * TOXIPROXY_PORT (18474), the Postgres proxy on POSTGRES_PROXY_PORT (15433); the Kafka proxy on
 * KAFKA_PROXY_PORT, the port that listener advertises.
 */
export async function startPlatformProxies(
  config: StackConfig = loadStackConfig(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<PlatformProxies> {
  const { postgres, kafka } = config.endpoints;
  const { port: proxiedPort, proxyPort: kafkaProxyPort } = config.kafkaProxiedListener;
  if (!(await acceptsConnections(kafka.host, proxiedPort)))
    throw new Error(
      `the broker has no PROXIED listener on port ${proxiedPort} (KAFKA_PROXIED_PORT): ` +
        'it was started before the listener existed; `./platform stack down && ./platform stack up` adds it',
    );
  const postgresProxyPort = Number(env.POSTGRES_PROXY_PORT ?? 15433);
  const server = await ToxiproxyServer.start({
    port: Number(env.TOXIPROXY_PORT ?? 18474),
    logFile: resolve(config.logsDir, 'toxiproxy.log'),
  });
  try {
    await server.client.createProxy({
      name: 'postgres',
      listen: `127.0.0.1:${postgresProxyPort}`,
      upstream: `${postgres.host}:${postgres.port}`,
    });
    await server.client.createProxy({
      name: 'kafka',
      // The host the listener advertises, with the proxy's port.
      listen: `${kafka.host}:${kafkaProxyPort}`,
      upstream: `${kafka.host}:${proxiedPort}`,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    client: server.client,
    serviceEnvironment: {
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: String(postgresProxyPort),
      KAFKA_BROKERS: `${kafka.host}:${kafkaProxyPort}`,
    },
    stop: () => server.stop(),
  };
}

function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const end = (result: boolean) => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(1_000, () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', () => end(false));
  });
}
