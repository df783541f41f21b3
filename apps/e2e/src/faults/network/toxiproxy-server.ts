import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadStackConfig } from '@platform/stack';
import { ToxiproxyClient } from './toxiproxy-client';

/** Where `./platform setup` installs Toxiproxy's server (scripts/lib/toxiproxy.sh). */
export const toxiproxyBinary = resolve(loadStackConfig().repoRoot, '.tooling/toxiproxy/server');

export interface ToxiproxyServerOptions {
  /** The API's port, on 127.0.0.1. */
  port: number;
  /** Where its log goes; nowhere when unset. */
  logFile?: string;
}

/** A Toxiproxy server of the caller's own, its API on loopback, stopped by its pid. */
export class ToxiproxyServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly client: ToxiproxyClient,
  ) {}

  static async start({ port, logFile }: ToxiproxyServerOptions): Promise<ToxiproxyServer> {
    if (!existsSync(toxiproxyBinary))
      throw new Error(`no Toxiproxy at ${toxiproxyBinary}: ./platform setup installs it`);
    // An API that already answers on the port would pass for this server's.
    if (!(await portIsFree(port)))
      throw new Error(`port ${port} on 127.0.0.1 is taken (a Toxiproxy left by an earlier run?)`);
    const out = logFile === undefined ? 'ignore' : openLog(logFile);
    const child = spawn(toxiproxyBinary, ['-host', '127.0.0.1', '-port', String(port)], {
      stdio: ['ignore', out, out],
      // Its default, trace, writes a line per chunk forwarded.
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    if (typeof out === 'number') closeSync(out);
    // A child outlives a parent that exits, and would hold the ports for the next run.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const server = new ToxiproxyServer(child, new ToxiproxyClient(`http://127.0.0.1:${port}`));
    await server.waitUntilAnswering(10_000);
    return server;
  }

  /** SIGTERM, and SIGKILL if it is still there after 5 s. */
  async stop(): Promise<void> {
    if (!this.running()) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    process.kill(this.child.pid as number, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(5_000, false, { ref: false })]);
    if (!stopped && this.running()) {
      process.kill(this.child.pid as number, 'SIGKILL');
      await exited;
    }
  }

  private running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running())
        throw new Error(`toxiproxy exited at start (code ${this.child.exitCode}, ${this.child.signalCode})`);
      const answering = await this.client.version().then(
        () => true,
        () => false,
      );
      if (answering) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`toxiproxy did not answer on ${this.client.url} within ${timeoutMs} ms`);
      }
      await sleep(50);
    }
  }
}

function openLog(file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  return openSync(file, 'a');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => done(true)));
  });
}
