import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import type { StackConfig } from '../stack.config';
import { ManagedProcess } from '../process/managed-process';
import { waitUntil } from '../health/wait-until';
import { lastLines } from '../health/log-tail';
import type { Component, Health, ListenPort } from './component';

export class RedisComponent implements Component {
  readonly name = 'redis';
  readonly logFile: string;
  readonly ports: ListenPort[];
  private readonly dir: string;
  private readonly process: ManagedProcess;

  constructor(private readonly config: StackConfig) {
    this.logFile = resolve(config.logsDir, 'redis.log');
    this.ports = [
      { host: config.endpoints.redis.host, port: config.endpoints.redis.port, variable: 'REDIS_PORT' },
    ];
    this.dir = resolve(config.stateDir, 'redis');
    this.process = new ManagedProcess({
      name: this.name,
      command: 'redis-server',
      args: [resolve(this.dir, 'redis.conf')],
      logFile: this.logFile,
      pidFile: resolve(config.runDir, 'redis.pid.json'),
    });
  }

  async start(): Promise<void> {
    if (this.process.running() && (await this.ping())) return;
    mkdirSync(this.dir, { recursive: true });
    const { host, port } = this.config.endpoints.redis;
    // Read models are rebuilt from Kafka and Postgres, so this instance keeps no snapshots.
    writeFileSync(
      resolve(this.dir, 'redis.conf'),
      [
        `bind ${host}`,
        `port ${port}`,
        `dir ${this.dir}`,
        'save ""',
        'appendonly no',
        'daemonize no',
        'protected-mode yes',
      ].join('\n') + '\n',
    );
    const identity = this.process.start();
    await waitUntil(`redis on port ${port}`, () => this.ping(), {
      timeoutMs: this.config.startTimeoutMs,
      whileAlive: () => this.process.running()?.pid === identity.pid,
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nlast lines of ${this.logFile}:\n${lastLines(this.logFile, 15)}`);
    });
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  leftovers(): number[] {
    return this.process.leftovers();
  }

  dataDirs(): string[] {
    return [this.dir];
  }

  async health(): Promise<Health> {
    const { host, port } = this.config.endpoints.redis;
    const pid = this.process.running()?.pid;
    if (await this.ping()) return { state: 'healthy', detail: `${host}:${port}`, pid };
    return pid
      ? { state: 'unhealthy', detail: `process ${pid} runs but ${host}:${port} does not answer PING`, pid }
      : { state: 'stopped', detail: `nothing answers on ${host}:${port}` };
  }

  /** One PING in the Redis protocol, without a client library's reconnect loop. */
  private ping(): Promise<boolean> {
    const { host, port } = this.config.endpoints.redis;
    return new Promise((resolvePing) => {
      const socket = createConnection({ host, port });
      const done = (healthy: boolean) => {
        socket.destroy();
        resolvePing(healthy);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    });
  }
}
