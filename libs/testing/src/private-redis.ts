import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { eventually } from './eventually';

/**
 * A redis-server of the test's own on a free port, so a spec can own `readmodel:active` and flush
 * at will without touching the shared stack's Redis. Stopped by its pid.
 */
export class PrivateRedis {
  private constructor(
    private readonly process: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const redis = new PrivateRedis(child, port);
    const probe = redis.client();
    await eventually(
      'the private redis-server to answer',
      () =>
        probe.ping().then(
          () => true,
          () => false,
        ),
      10_000,
    );
    probe.disconnect();
    return redis;
  }

  client(): Redis {
    return new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: false, maxRetriesPerRequest: 1 });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.pid === undefined) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    process.kill(this.process.pid, 'SIGTERM');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
