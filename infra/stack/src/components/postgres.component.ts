import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { StackConfig } from '../stack.config';
import { ManagedProcess } from '../process/managed-process';
import { isRoot, lookupUser, type SystemUser } from '../process/system-user';
import { waitUntil } from '../health/wait-until';
import { lastLines } from '../health/log-tail';
import type { Component, Health, ListenPort } from './component';

// Settings for a local, single-user cluster that Debezium reads logically. fsync is off because
// this cluster holds only throw-away development data: a killed server still recovers from its
// WAL; only a crash of the whole machine could lose the last writes.
const SERVER_SETTINGS = {
  wal_level: 'logical',
  max_replication_slots: '20',
  max_wal_senders: '20',
  max_slot_wal_keep_size: '1GB',
  max_connections: '300',
  shared_buffers: '128MB',
  fsync: 'off',
  full_page_writes: 'off',
  log_min_messages: 'warning',
};

export class PostgresComponent implements Component {
  readonly name = 'postgres';
  readonly logFile: string;
  readonly ports: ListenPort[];
  private readonly dataDir: string;
  private readonly socketDir: string;
  private readonly owner: SystemUser | undefined;
  private readonly process: ManagedProcess;

  constructor(private readonly config: StackConfig) {
    this.logFile = resolve(config.logsDir, 'postgres.log');
    this.ports = [
      {
        host: config.endpoints.postgres.host,
        port: config.endpoints.postgres.port,
        variable: 'POSTGRES_PORT',
      },
    ];
    // Postgres refuses to run as root, so as root its files and process belong to `postgres`.
    this.owner = isRoot() ? lookupUser('postgres') : undefined;
    const home = postgresHome(config.stateDir, this.owner);
    this.dataDir = resolve(home, 'data');
    this.socketDir = resolve(home, 'run');
    const { host, port } = config.endpoints.postgres;
    this.process = new ManagedProcess({
      name: this.name,
      command: resolve(binDir(), 'postgres'),
      args: [
        '-D',
        this.dataDir,
        '-c',
        `listen_addresses=${host}`,
        '-c',
        `port=${port}`,
        '-c',
        `unix_socket_directories=${this.socketDir}`,
        ...Object.entries(SERVER_SETTINGS).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
      ],
      logFile: this.logFile,
      pidFile: resolve(config.runDir, 'postgres.pid.json'),
      stopSignal: 'SIGINT',
      user: this.owner,
    });
  }

  async start(): Promise<void> {
    if (this.process.running() && (await this.ping())) return;
    if (isRoot() && !this.owner)
      throw new Error(
        'postgres: running as root needs the `postgres` system user (apt-get install postgresql)',
      );
    this.prepareDirectories();
    if (!existsSync(resolve(this.dataDir, 'PG_VERSION'))) this.initCluster();
    const identity = this.process.start();
    await waitUntil(`postgres on port ${this.config.endpoints.postgres.port}`, () => this.ping(), {
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
    return [resolve(this.dataDir, '..')];
  }

  async health(): Promise<Health> {
    const { host, port } = this.config.endpoints.postgres;
    const pid = this.process.running()?.pid;
    if (await this.ping().catch(() => false)) return { state: 'healthy', detail: `${host}:${port}`, pid };
    return pid
      ? { state: 'unhealthy', detail: `process ${pid} runs but ${host}:${port} does not answer queries`, pid }
      : { state: 'stopped', detail: `nothing answers on ${host}:${port}` };
  }

  private async ping(): Promise<boolean> {
    const { host, port, user, password } = this.config.endpoints.postgres;
    const client = new Client({
      host,
      port,
      user,
      password,
      database: 'postgres',
      connectionTimeoutMillis: 1000,
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private prepareDirectories(): void {
    for (const dir of [resolve(this.dataDir, '..'), this.dataDir, this.socketDir]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (this.owner) chownSync(dir, this.owner.uid, this.owner.gid);
    }
  }

  private initCluster(): void {
    const passwordFile = resolve(this.socketDir, 'initdb.pw');
    writeFileSync(passwordFile, `${this.config.endpoints.postgres.password}\n`, { mode: 0o600 });
    if (this.owner) chownSync(passwordFile, this.owner.uid, this.owner.gid);
    try {
      execFileSync(
        resolve(binDir(), 'initdb'),
        [
          '-D',
          this.dataDir,
          '-U',
          this.config.endpoints.postgres.user,
          `--pwfile=${passwordFile}`,
          '--auth-local=trust',
          '--auth-host=scram-sha-256',
          '--encoding=UTF8',
          '--no-locale',
          '--no-sync',
        ],
        { stdio: 'pipe', uid: this.owner?.uid, gid: this.owner?.gid },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`postgres: initdb failed in ${this.dataDir}\n${stderr}`);
    } finally {
      execFileSync('rm', ['-f', passwordFile]);
    }
  }
}

/** Debian installs each major version under /usr/lib/postgresql/<major>/bin; take the newest. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  const newest = majors.map(Number).sort((a, b) => b - a)[0];
  if (newest === undefined)
    throw new Error('postgres: no server in /usr/lib/postgresql (apt-get install postgresql)');
  return resolve(root, String(newest), 'bin');
}

/**
 * Where the cluster lives: <state>/postgres, unless the `postgres` user cannot reach the state
 * folder (a clone inside a private home directory), then a folder of its own under /var/tmp.
 */
function postgresHome(stateDir: string, owner: SystemUser | undefined): string {
  const preferred = resolve(stateDir, 'postgres');
  if (!owner) return preferred;
  mkdirSync(stateDir, { recursive: true });
  try {
    execFileSync('test', ['-x', stateDir], { uid: owner.uid, gid: owner.gid });
    return preferred;
  } catch {
    const id = createHash('sha256').update(stateDir).digest('hex').slice(0, 12);
    return resolve('/var/tmp', `course-platform-${id}`, 'postgres');
  }
}
