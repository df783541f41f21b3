import { parseArgs } from 'node:util';
import { loadStackConfig, type StackConfig } from '@platform/stack';
import { e2eServices } from '../src/support/e2e-platform';
import { kafkaFloor, postgresFloor, sagaStepScripts } from './surge/floors';
import { hopLatencies } from './surge/hops';
import { describeLatency } from './surge/latency';
import {
  countersBetween,
  dataRecords,
  offsetCommits,
  readPlatformCounters,
  totalCommits,
  type PlatformCounters,
} from './surge/platform-counters';
import { platformProcesses } from './surge/platform-processes';
import { cpuBetween, takeCpuSnapshot, type CpuSnapshot, type ProcessGroups } from './surge/process-cpu';
import { runRegistrationSurge } from './surge/registration-surge';

const USAGE = `usage: npm run bench:surge -- [--rate R] [--seconds S] [--modules M] [--in-flight N]
                                [--idle-seconds I] [--no-floors]

Against the running platform (./platform start): measures the idle platform's CPU for I seconds,
offers R registrations a second for S seconds (R x S students' registrations over M modules, at
most N POSTs in flight), and prints throughput, accepted -> final status visible, each hop, CPU
per registration per component (from /proc), Postgres transactions and Kafka records per
registration; then the floors in the same run: pgbench of saga steps, one and ten a transaction,
and Kafka's producer performance tool. Defaults: --rate 40 --seconds 30 --modules R --in-flight 256 --idle-seconds 10.`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '40' },
      seconds: { type: 'string', default: '30' },
      modules: { type: 'string' },
      'in-flight': { type: 'string', default: '256' },
      'idle-seconds': { type: 'string', default: '10' },
      'no-floors': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const modules = Number(values.modules ?? values.rate);
  const inFlight = Number(values['in-flight']);
  const idleSeconds = Number(values['idle-seconds']);
  if (![rate, seconds, modules, inFlight].every((n) => Number.isInteger(n) && n > 0) || !(idleSeconds >= 0)) {
    console.error(`--rate, --seconds, --modules and --in-flight take whole numbers above 0\n\n${USAGE}`);
    return 2;
  }

  const config = loadStackConfig();
  const services = e2eServices();
  for (const state of await services.status()) {
    if (state.state !== 'ready')
      throw new Error(`${state.app} is ${state.state}: run ./platform start first`);
  }
  const groups = await platformProcesses(config, services);

  const idleFrom = takeCpuSnapshot();
  await sleep(idleSeconds * 1000);
  const idle = perSecond(cpuBetween(idleFrom, takeCpuSnapshot(), groups), idleSeconds);

  const registrations = rate * seconds;
  console.log(`bench: ${rate}/s for ${seconds} s (${registrations} registrations over ${modules} modules)`);
  let windowStart!: { cpu: CpuSnapshot; counters: PlatformCounters };
  const result = await runRegistrationSurge(config, services.get('registration-service').url, {
    registrations,
    modules,
    concurrency: inFlight,
    ratePerSecond: rate,
    beforePosts: async () => {
      windowStart = { counters: await readPlatformCounters(config), cpu: takeCpuSnapshot() };
    },
  });
  const cpu = cpuBetween(windowStart.cpu, takeCpuSnapshot(), groups);
  const work = countersBetween(windowStart.counters, await readPlatformCounters(config));
  const completed = [...result.visibleAt.values()].filter((entry) => entry.status === 'COMPLETED').length;
  const windowSeconds = (result.finished - result.started) / 1000;

  const outcomes = new Map<string, number>();
  for (const entry of result.visibleAt.values()) {
    const outcome = entry.reason ? `${entry.status}(${entry.reason})` : entry.status;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  console.log(
    `accepted ${result.accepted.size}/${registrations}; ended ${result.visibleAt.size}: ` +
      [...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(', '),
  );
  console.log(
    `throughput, first POST to last visible: ${(result.visibleAt.size / windowSeconds).toFixed(1)} registrations/s`,
  );
  console.log(`POST latency: ${describeLatency(result.postLatency)}`);
  console.log(`POST accepted -> final status visible: ${describeLatency(result.endToEnd)}`);
  console.log('where the time goes (completed registrations):');
  for (const hop of await hopLatencies(config, result.accepted, result.visibleAt))
    console.log(`  ${hop.label.padEnd(66)} ${hop.latency}`);

  printCpu(groups, idle, cpu, completed, windowSeconds);
  printWork(work, completed);
  if (!values['no-floors']) await printFloors(config, groups, work, completed);
  return result.visibleAt.size === result.accepted.size ? 0 : 1;
}

function perSecond(used: Record<string, number>, seconds: number): Record<string, number> {
  return Object.fromEntries(Object.entries(used).map(([name, ms]) => [name, ms / seconds]));
}

function printCpu(
  groups: ProcessGroups,
  idle: Record<string, number>,
  surge: Record<string, number>,
  completed: number,
  windowSeconds: number,
): void {
  const total = (byName: Record<string, number>) => Object.values(byName).reduce((a, b) => a + b, 0);
  console.log(`\nCPU (from /proc; ${completed} completed in a ${windowSeconds.toFixed(1)} s window)`);
  console.log(
    `  ${'component'.padEnd(24)} ${'idle ms/s'.padStart(10)} ${'surge ms/s'.padStart(11)} ${'ms/registration'.padStart(16)}`,
  );
  const row = (name: string, idleMs: number, surgeMs: number) =>
    console.log(
      `  ${name.padEnd(24)} ${idleMs.toFixed(0).padStart(10)} ${(surgeMs / windowSeconds).toFixed(0).padStart(11)} ${(surgeMs / completed).toFixed(2).padStart(16)}`,
    );
  for (const name of Object.keys(groups)) row(name, idle[name] ?? 0, surge[name] ?? 0);
  row('all', total(idle), total(surge));
}

function printWork(work: PlatformCounters, completed: number): void {
  const per = (n: number) => (n / completed).toFixed(1);
  console.log(`\nwork per completed registration`);
  console.log(
    `  Postgres: ${per(totalCommits(work))} transactions (` +
      Object.entries(work.commits)
        .filter(([, n]) => n > 0)
        .map(([database, n]) => `${database} ${per(n)}`)
        .join(', ') +
      `), ${per(work.rowsWritten)} rows written, ${per(work.rowsRead)} rows read`,
  );
  const topics = Object.entries(work.records)
    .filter(([topic, n]) => n > 0 && !topic.startsWith('__'))
    .sort(([, a], [, b]) => b - a);
  console.log(
    `  Kafka: ${per(dataRecords(work))} records (` +
      topics.map(([topic, n]) => `${topic} ${per(n)}`).join(', ') +
      `), ${per(offsetCommits(work))} offset commits`,
  );
}

async function printFloors(
  config: StackConfig,
  groups: ProcessGroups,
  work: PlatformCounters,
  completed: number,
): Promise<void> {
  const pick = (name: string): ProcessGroups => ({ [name]: groups[name] ?? [] });
  const [oneStep, batched] = [
    await postgresFloor(config, pick('postgres'), sagaStepScripts[0]!, 10),
    await postgresFloor(config, pick('postgres'), sagaStepScripts[1]!, 10),
  ];
  const kafka = await kafkaFloor(config, pick('kafka'), 100_000);
  console.log('\nfloors, same machine, same run (CPU of Postgres or the broker only)');
  for (const floor of [oneStep, batched, kafka])
    console.log(
      `  ${floor.name.padEnd(44)} ${floor.rate.toFixed(0).padStart(7)}/s, ${floor.cpuMsPerOp.toFixed(3)} ms CPU each`,
    );
  const transactions = totalCommits(work) / completed;
  const records = (dataRecords(work) + offsetCommits(work)) / completed;
  console.log(
    `  a registration's ${transactions.toFixed(1)} transactions at pgbench's cost: ` +
      `${(transactions * oneStep.cpuMsPerOp).toFixed(1)} ms of Postgres CPU one a transaction, ` +
      `${(transactions * batched.cpuMsPerOp).toFixed(1)} ms ten a transaction; its ${records.toFixed(1)} records ` +
      `at ProducerPerformance's: ${(records * kafka.cpuMsPerOp).toFixed(2)} ms of the broker's`,
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
