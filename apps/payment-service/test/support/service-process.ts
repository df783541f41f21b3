import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { eventually } from '@platform/testing';

const repoRoot = resolve(__dirname, '../../../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * payment-service as a process of its own, started the way it is deployed (swc, src/main.ts), in a
 * process group of its own so that stopping it reaches nothing else. Its output is kept for the
 * failure message.
 */
export class ServiceProcess {
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private output = '';

  private constructor(
    env: Record<string, string>,
    readonly httpPort: number,
  ) {
    const inherited = { ...process.env };
    // Jest's flags are not the service's.
    delete inherited['NODE_OPTIONS'];
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/payment-service/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...inherited,
        ...env,
        HTTP_PORT: String(httpPort),
        SWC_NODE_PROJECT: 'apps/payment-service/tsconfig.json',
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
  }

  /** Starts the service and waits until /health/ready answers 200 (database up, consumer started). */
  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    const service = new ServiceProcess(env, await freePort());
    let exit: Exit | undefined;
    void service.exited.then((e) => (exit = e));
    await eventually(
      'payment-service to report ready',
      async () => {
        if (exit) throw new Error(`payment-service exited (${JSON.stringify(exit)}):\n${service.output}`);
        const ready = await fetch(`http://127.0.0.1:${service.httpPort}/health/ready`).catch(() => undefined);
        return ready?.status === 200;
      },
      90_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${service.output}`);
    });
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get log(): string {
    return this.output;
  }

  /** SIGTERM to its process group (a graceful drain), SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 30_000): Promise<Exit> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}
