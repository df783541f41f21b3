import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createKafkaClient, createMessage, toOutboundMessage } from '@platform/messaging';
import { SessionTokenIssuer } from '@platform/session-tokens';
import { ensureSessionKeys, loadStackConfig, Services, type StackConfig } from '@platform/stack';
import type {
  ClientPlan,
  DriverMessage,
  FanoutTarget,
  WorkerMessage,
  WorkerReport,
} from './websocket/fanout.protocol';
import { LatencyHistogram } from './websocket/latency.histogram';
import { cpuMicros, residentBytes } from './websocket/process.stats';
import { SeatChangePublisher, type PublishedRun } from './websocket/seat-change.publisher';

// npm run bench:websocket -- [--clients 10000] [--workers 4] [--modules 200] [--all-share 0.05]
//   [--rate 20] [--seconds 30] [--students 100] [--targets gateway,socketio] [--socketio-port 3096]
//   [--gateway running|own] [--own-gateway-port 3016]
// N WebSocket clients on loopback, spread over load processes, each subscribed to one module's
// channel (`modules:<id>`) or, for --all-share of them, to every module (`modules`). Seat changes
// go straight to Kafka's realtime.updates at a steady rate; the server under test consumes them and
// pushes them out. Measured per server: connections, push latency (client receive time - changedAt,
// one machine clock), deliveries per second, server memory per connection, server and driver CPU.
// Servers: the notification-gateway (`running`: the instance ./platform services up started;
// `own`: a dedicated instance this command starts), then a Socket.IO baseline this command starts,
// which consumes the same topic in its own consumer group. Everything it starts, it stops by pid.
const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '4' },
    modules: { type: 'string', default: '200' },
    'all-share': { type: 'string', default: '0.05' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    students: { type: 'string', default: '100' },
    'connect-concurrency': { type: 'string', default: '50' },
    targets: { type: 'string', default: 'gateway,socketio' },
    'socketio-port': { type: 'string', default: '3096' },
    gateway: { type: 'string', default: 'running' },
    'own-gateway-port': { type: 'string', default: '3016' },
  },
});
const settings = {
  clients: Number(args.clients),
  workers: Number(args.workers),
  modules: Number(args.modules),
  allShare: Number(args['all-share']),
  rate: Number(args.rate),
  seconds: Number(args.seconds),
  students: Number(args.students),
  connectConcurrency: Number(args['connect-concurrency']),
  targets: args.targets.split(',') as FanoutTarget[],
  socketIoPort: Number(args['socketio-port']),
  gateway: args.gateway as 'running' | 'own',
  ownGatewayPort: Number(args['own-gateway-port']),
};
const WORKER_SCRIPT = resolve(__dirname, 'websocket/fanout.worker.ts');
const SOCKETIO_SCRIPT = resolve(__dirname, 'websocket/socketio-baseline.server.ts');
// Each socket is one descriptor in a worker; keep well under the soft limit (ulimit -n) of one process.
const MAX_SOCKETS_PER_WORKER = 15_000;
const SETTLE_MS = 3_000;
const WARMUP_SECONDS = 2;
const DRAIN_TIMEOUT_MS = 20_000;

interface PhaseResult {
  target: FanoutTarget;
  opened: number;
  failed: number;
  connectSeconds: number;
  errors: string[];
  latency: LatencyHistogram;
  delivered: number;
  expected: number;
  windowSeconds: number;
  snapshots: number;
  foreign: number;
  lateBySecond: Record<number, number>;
  closes: Record<string, number>;
  rss: { before: number; connected: number; end: number };
  serverCpuPercent: number;
  driverCpuPercent: { main: number; workers: number[] };
}

interface Server {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** A forked load process and the next message it sends of a kind. */
class LoadWorker {
  readonly process: ChildProcess;
  private readonly exited: Promise<void>;

  constructor() {
    this.process = fork(WORKER_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((done) => this.process.once('exit', () => done()));
  }

  send(message: DriverMessage): void {
    this.process.send(message);
  }

  next<K extends WorkerMessage['kind']>(kind: K): Promise<Extract<WorkerMessage, { kind: K }>> {
    return new Promise((done, fail) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.kind !== kind) return;
        this.process.off('message', onMessage);
        this.process.off('exit', onExit);
        done(message as Extract<WorkerMessage, { kind: K }>);
      };
      const onExit = (code: number | null) => fail(new Error(`load worker exited with ${code}`));
      this.process.on('message', onMessage);
      this.process.once('exit', onExit);
    });
  }

  async close(): Promise<void> {
    if (this.process.connected) this.send({ kind: 'close' });
    await Promise.race([this.exited, sleep(10_000)]);
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await this.exited;
  }
}

/**
 * Session tokens for the bench's students, and the SessionCreated of each on session.events (as
 * registration-service's outbox would publish it): the gateway admits only sessions it has seen.
 */
async function mintTokens(stateDir: string, run: string, brokers: string[]): Promise<string[]> {
  const keys = ensureSessionKeys(stateDir);
  const issuer = await SessionTokenIssuer.fromPem(readFileSync(keys.privateKeyFile, 'utf8'), {
    issuer: 'course-platform/registration-service',
    audience: 'course-platform',
    ttlSeconds: 4 * 3600,
  });
  const producer = await createKafkaClient('platformatic', { brokers }).createProducer({
    clientId: `bench-ws-${run}-sessions`,
  });
  try {
    return await Promise.all(
      Array.from({ length: settings.students }, async (_, i) => {
        const studentId = `bench-ws-${run}-${String(i + 1).padStart(4, '0')}`;
        const sessionId = randomUUID();
        const issued = await issuer.issue({ studentId, sessionId });
        const data = {
          studentId,
          sessionId,
          createdAt: issued.issuedAt.toISOString(),
          expiresAt: issued.expiresAt.toISOString(),
        };
        await producer.send([
          toOutboundMessage(createMessage('registration-service', 'SessionCreated', data)),
        ]);
        return issued.token;
      }),
    );
  } finally {
    await producer.close();
  }
}

/** Client i subscribes to every module when it falls on the --all-share stride, else to one module. */
function planClients(tokens: string[], modules: string[]): ClientPlan[] {
  const stride = settings.allShare > 0 ? Math.round(1 / settings.allShare) : 0;
  return Array.from({ length: settings.clients }, (_, i) => ({
    token: tokens[i % tokens.length]!,
    channel: stride > 0 && i % stride === 0 ? 'modules' : `modules:${modules[i % modules.length]}`,
  }));
}

/** Every published change once to each subscriber of its module and of `modules`. */
function expectedDeliveries(subscribers: Map<string, number>, run: PublishedRun): number {
  let expected = 0;
  for (const [moduleId, messages] of run.perModule) {
    expected +=
      messages * ((subscribers.get(`modules:${moduleId}`) ?? 0) + (subscribers.get('modules') ?? 0));
  }
  return expected;
}

async function runningGateway(): Promise<Server> {
  const gateway = new Services(loadStackConfig(), { only: ['notification-gateway'] }).get(
    'notification-gateway',
  );
  const pid = gateway.pid;
  if (pid === undefined)
    throw new Error('notification-gateway is not running: run ./platform services up first');
  await gateway.waitReady(60_000);
  return { pid, url: `${gateway.url.replace(/^http/, 'ws')}/ws`, stop: async () => {} };
}

/**
 * A dedicated gateway instance on its own port and consumer group (any instance serves any
 * channel), for a machine where the platform's instance is being restarted by other work.
 */
async function startOwnGateway(config: StackConfig, run: string): Promise<Server> {
  const keys = ensureSessionKeys(config.stateDir);
  const logFile = resolve(tmpdir(), `bench-gateway-${run}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/notification-gateway/src/main.ts'],
    {
      cwd: config.repoRoot,
      stdio: ['ignore', log, log],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_OPTIONS: '--disable-warning=ExperimentalWarning',
        SWC_NODE_PROJECT: 'apps/notification-gateway/tsconfig.json',
        HTTP_PORT: String(settings.ownGatewayPort),
        REDIS_HOST: config.endpoints.redis.host,
        REDIS_PORT: String(config.endpoints.redis.port),
        KAFKA_BROKERS: config.endpoints.kafka.brokers.join(','),
        JWT_PUBLIC_KEY_FILE: keys.publicKeyFile,
        GATEWAY_INSTANCE_ID: `bench-${run}`,
      },
    },
  );
  closeSync(log);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${settings.ownGatewayPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bench gateway exited; see ${logFile}`);
    const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`the bench gateway was not ready in time; see ${logFile}`);
    await sleep(250);
  }
  console.log(`  own gateway instance: pid ${child.pid}, ${url}, log ${logFile}`);
  return {
    pid: child.pid!,
    url: `ws://127.0.0.1:${settings.ownGatewayPort}/ws`,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function startSocketIoBaseline(stateDir: string, brokers: string[], run: string): Promise<Server> {
  const child = fork(
    SOCKETIO_SCRIPT,
    [
      '--port',
      String(settings.socketIoPort),
      '--brokers',
      brokers.join(','),
      '--public-key-file',
      ensureSessionKeys(stateDir).publicKeyFile,
      '--group',
      `bench.socketio-${run}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await Promise.race([
    new Promise<void>((done) => child.once('message', () => done())),
    exited.then(() => Promise.reject(new Error('the Socket.IO baseline exited before it was ready'))),
  ]);
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${settings.socketIoPort}`,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function runPhase(
  target: FanoutTarget,
  server: Server,
  tokens: string[],
  publisher: SeatChangePublisher,
  run: string,
): Promise<PhaseResult> {
  const modulePrefix = `WSB-${run}-${target}-`;
  const modules = Array.from(
    { length: settings.modules },
    (_, i) => `${modulePrefix}${String(i + 1).padStart(4, '0')}`,
  );
  const plans = planClients(tokens, modules);
  const rssBefore = residentBytes(server.pid);

  const workers = Array.from({ length: settings.workers }, () => new LoadWorker());
  // Contiguous slices, so every worker holds its share of `modules` subscribers and of each module.
  const perWorker = Math.ceil(plans.length / settings.workers);
  try {
    const connectStarted = Date.now();
    const connected = await Promise.all(
      workers.map((worker, w) => {
        const answer = worker.next('connected');
        worker.send({
          kind: 'connect',
          target,
          url: server.url,
          clients: plans.slice(w * perWorker, (w + 1) * perWorker),
          concurrency: settings.connectConcurrency,
          modulePrefix,
        });
        return answer;
      }),
    );
    const connectSeconds = (Date.now() - connectStarted) / 1000;
    const opened = connected.reduce((sum, answer) => sum + answer.opened, 0);
    const failed = connected.reduce((sum, answer) => sum + answer.failed, 0);
    const errors = [...new Set(connected.flatMap((answer) => answer.errors))];
    const subscribers = new Map<string, number>();
    for (const answer of connected) {
      for (const [channel, count] of Object.entries(answer.channels)) {
        subscribers.set(channel, (subscribers.get(channel) ?? 0) + count);
      }
    }
    console.log(
      `  ${target}: ${opened}/${settings.clients} connected and subscribed in ${connectSeconds.toFixed(1)} s` +
        (failed > 0 ? `, ${failed} failed (${errors.join('; ')})` : ''),
    );
    // Warm the producer's and the server's Kafka connections on modules nobody counts.
    await publisher.run(
      modules.map((moduleId) => moduleId.replace(modulePrefix, `WSB-${run}-warmup-`)),
      settings.rate,
      WARMUP_SECONDS,
    );
    await sleep(SETTLE_MS);
    const rssConnected = residentBytes(server.pid);

    for (const worker of workers) worker.send({ kind: 'measure' });
    const mainCpu = process.cpuUsage();
    const serverCpu = cpuMicros(server.pid);
    const windowStarted = Date.now();
    const published = await publisher.run(modules, settings.rate, settings.seconds);
    const expected = expectedDeliveries(subscribers, published);

    let reports: WorkerReport[] = [];
    const drainStarted = Date.now();
    for (;;) {
      reports = await Promise.all(
        workers.map((worker) => {
          const answer = worker.next('report');
          worker.send({ kind: 'report' });
          return answer;
        }),
      );
      const delivered = reports.reduce((sum, report) => sum + report.delivered, 0);
      if (delivered >= expected || Date.now() - drainStarted > DRAIN_TIMEOUT_MS) break;
      await sleep(500);
    }
    const windowMs = Date.now() - windowStarted;
    const mainCpuUsed = process.cpuUsage(mainCpu);
    const serverCpuUsed = cpuMicros(server.pid) - serverCpu;
    const rssEnd = residentBytes(server.pid);

    const latency = new LatencyHistogram();
    const closes: Record<string, number> = {};
    const lateBySecond: Record<number, number> = {};
    for (const report of reports) {
      latency.merge(report.latency);
      for (const [second, count] of Object.entries(report.lateBySecond)) {
        lateBySecond[Number(second)] = (lateBySecond[Number(second)] ?? 0) + count;
      }
      for (const [code, count] of Object.entries(report.closes)) closes[code] = (closes[code] ?? 0) + count;
    }
    return {
      target,
      opened,
      failed,
      connectSeconds,
      errors,
      latency,
      delivered: reports.reduce((sum, report) => sum + report.delivered, 0),
      expected,
      windowSeconds: (published.endedAt - published.startedAt) / 1000,
      snapshots: reports.reduce((sum, report) => sum + report.snapshots, 0),
      foreign: reports.reduce((sum, report) => sum + report.foreign, 0),
      lateBySecond,
      closes,
      rss: { before: rssBefore, connected: rssConnected, end: rssEnd },
      serverCpuPercent: (serverCpuUsed / 1000 / windowMs) * 100,
      driverCpuPercent: {
        main: ((mainCpuUsed.user + mainCpuUsed.system) / 1000 / windowMs) * 100,
        workers: reports.map((report) => (report.cpuMicros / 1000 / report.wallMs) * 100),
      },
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

function figures(result: PhaseResult) {
  const perConnection = (result.rss.connected - result.rss.before) / Math.max(1, result.opened);
  const driver = result.driverCpuPercent.main + result.driverCpuPercent.workers.reduce((a, b) => a + b, 0);
  return {
    connections: result.opened,
    p50: result.latency.quantile(0.5),
    p99: result.latency.quantile(0.99),
    max: result.latency.max(),
    perSecond: result.delivered / result.windowSeconds,
    perConnectionKb: perConnection / 1024,
    serverCpu: result.serverCpuPercent,
    driverCpu: driver,
  };
}

function printPhase(result: PhaseResult): void {
  const f = figures(result);
  const pct = (value: number) => `${value.toFixed(0)}%`;
  console.log(`\n${result.target}:`);
  console.log(
    `  connections established ${result.opened}/${settings.clients} in ${result.connectSeconds.toFixed(1)} s` +
      (result.failed > 0 ? `; ${result.failed} failed: ${result.errors.join('; ')}` : ''),
  );
  console.log(
    `  push latency p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms (${result.latency.count} deliveries)`,
  );
  console.log(
    `  delivered ${result.delivered}/${result.expected} (${((result.delivered / Math.max(1, result.expected)) * 100).toFixed(1)}%), ` +
      `${f.perSecond.toFixed(0)} messages/s over ${result.windowSeconds.toFixed(1)} s of publishing` +
      (result.snapshots > 0 ? `; ${result.snapshots} snapshots` : '') +
      (result.foreign > 0 ? `; ${result.foreign} other events (other load on realtime.updates)` : '') +
      (Object.keys(result.closes).length > 0 ? `; closed by server: ${JSON.stringify(result.closes)}` : ''),
  );
  const late = Object.entries(result.lateBySecond).map(([second, count]) => `${second}s: ${count}`);
  if (late.length > 0) console.log(`  deliveries over 100 ms by second of the window: ${late.join(', ')}`);
  console.log(
    `  server RSS ${mb(result.rss.before)} before, ${mb(result.rss.connected)} connected, ${mb(result.rss.end)} after publishing: ` +
      `${f.perConnectionKb.toFixed(1)} KB per connection; server CPU ${pct(f.serverCpu)} of one core`,
  );
  console.log(
    `  driver CPU ${pct(f.driverCpu)} of one core (publisher ${pct(result.driverCpuPercent.main)}, ` +
      `workers ${result.driverCpuPercent.workers.map(pct).join(' / ')})`,
  );
}

function printComparison(gateway: PhaseResult, baseline: PhaseResult): void {
  const g = figures(gateway);
  const s = figures(baseline);
  const rows: [string, number, number, number][] = [
    ['connections', g.connections, s.connections, 0],
    ['push latency p50 (ms)', g.p50, s.p50, 0],
    ['push latency p99 (ms)', g.p99, s.p99, 0],
    ['messages/s delivered', g.perSecond, s.perSecond, 0],
    ['memory per connection (KB)', g.perConnectionKb, s.perConnectionKb, 1],
    ['server CPU (% of a core)', g.serverCpu, s.serverCpu, 0],
    ['driver CPU (% of a core)', g.driverCpu, s.driverCpu, 0],
  ];
  console.log(
    `\n${'figure'.padEnd(28)}${'gateway'.padStart(12)}${'socket.io'.padStart(12)}${'ratio g/s'.padStart(12)}`,
  );
  for (const [name, ours, theirs, digits] of rows) {
    const ratio = theirs === 0 ? '-' : (ours / theirs).toFixed(2);
    console.log(
      `${name.padEnd(28)}${ours.toFixed(digits).padStart(12)}${theirs.toFixed(digits).padStart(12)}${ratio.padStart(12)}`,
    );
  }
}

async function main(): Promise<void> {
  if (settings.gateway !== 'running' && settings.gateway !== 'own')
    throw new Error('--gateway is running or own');
  const unknown = settings.targets.filter((target) => target !== 'gateway' && target !== 'socketio');
  if (unknown.length > 0) throw new Error(`unknown targets ${unknown.join(', ')}: gateway, socketio`);
  if (settings.clients / settings.workers > MAX_SOCKETS_PER_WORKER) {
    throw new Error(`more than ${MAX_SOCKETS_PER_WORKER} sockets per worker: raise --workers`);
  }
  const config = loadStackConfig();
  const run = randomUUID().slice(0, 6);
  const allSubscribers = planClients([''], ['']).filter((plan) => plan.channel === 'modules').length;
  console.log(
    `websocket fan-out (run ${run}): ${settings.clients} clients in ${settings.workers} load processes, ` +
      `${settings.modules} modules, ${allSubscribers} clients on \`modules\`, the rest on one \`modules:<id>\` each; ` +
      `${settings.rate} seat changes/s for ${settings.seconds} s; gateway: ${settings.gateway} instance`,
  );
  const tokens = await mintTokens(config.stateDir, run, config.endpoints.kafka.brokers);
  const publisher = await SeatChangePublisher.connect(config.endpoints.kafka.brokers, `bench-ws-${run}`);
  const results: PhaseResult[] = [];
  try {
    for (const target of settings.targets) {
      const server =
        target === 'socketio'
          ? await startSocketIoBaseline(config.stateDir, config.endpoints.kafka.brokers, run)
          : settings.gateway === 'own'
            ? await startOwnGateway(config, run)
            : await runningGateway();
      try {
        results.push(await runPhase(target, server, tokens, publisher, run));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await publisher.close();
  }
  for (const result of results) printPhase(result);
  const gateway = results.find((result) => result.target === 'gateway');
  const baseline = results.find((result) => result.target === 'socketio');
  if (gateway && baseline) printComparison(gateway, baseline);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
