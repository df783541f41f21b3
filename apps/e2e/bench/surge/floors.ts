import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createKafkaClient } from '@platform/messaging';
import { kafkaToolCommand, type StackConfig } from '@platform/stack';
import { Client } from 'pg';
import { cpuBetween, takeCpuSnapshot, type ProcessGroups } from './process-cpu';

const run = promisify(execFile);

export interface Floor {
  name: string;
  /** Operations a second the tool reached. */
  rate: number;
  /** CPU of the component under test per operation, in ms. */
  cpuMsPerOp: number;
}

const FLOOR_DATABASE = 'bench_floor';
const FLOOR_TOPIC = 'bench.floor';

/** A pgbench script of floors/ and how many saga steps one of its transactions carries. */
export interface PgbenchScript {
  name: string;
  file: string;
  stepsPerTransaction: number;
}

export const sagaStepScripts: PgbenchScript[] = [
  { name: 'pgbench, a saga step a transaction', file: 'saga-step.pgbench.sql', stepsPerTransaction: 1 },
  {
    name: 'pgbench, ten saga steps a transaction',
    file: 'saga-step-batch.pgbench.sql',
    stepsPerTransaction: 10,
  },
];

/**
 * pgbench running saga steps (floors/*.pgbench.sql) with 8 clients on a scratch database, and the
 * Postgres CPU each step cost; `rate` counts steps, not transactions.
 */
export async function postgresFloor(
  config: StackConfig,
  postgres: ProcessGroups,
  script: PgbenchScript,
  seconds: number,
): Promise<Floor> {
  const { host, port, user, password } = config.endpoints.postgres;
  const admin = new Client({ host, port, user, password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [FLOOR_DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${FLOOR_DATABASE}`);
  await admin.end();
  const env = { ...process.env, PGPASSWORD: password };
  const connection = ['-h', host, '-p', String(port), '-U', user];
  const scripts = resolve(__dirname, 'floors');
  await run(
    'psql',
    [...connection, '-q', '-v', 'ON_ERROR_STOP=1', '-f', `${scripts}/saga-step.schema.sql`, FLOOR_DATABASE],
    { env },
  );
  const before = takeCpuSnapshot();
  const { stdout } = await run(
    'pgbench',
    [
      ...connection,
      '-n',
      '-M',
      'prepared',
      '-c',
      '8',
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      `${scripts}/${script.file}`,
      FLOOR_DATABASE,
    ],
    { env },
  );
  const cpu = cpuBetween(before, takeCpuSnapshot(), postgres);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const steps = script.stepsPerTransaction;
  return { name: script.name, rate: tps * steps, cpuMsPerOp: sumOf(cpu) / (transactions * steps) };
}

/** Kafka's own producer performance tool: 1 KB records, acks=all, on a scratch topic; the broker's CPU per record. */
export async function kafkaFloor(
  config: StackConfig,
  broker: ProcessGroups,
  records: number,
): Promise<Floor> {
  const kafka = createKafkaClient('platformatic', { brokers: config.endpoints.kafka.brokers });
  const admin = await kafka.createAdmin({ clientId: 'bench-floor' });
  try {
    if (!(await admin.listTopics()).includes(FLOOR_TOPIC))
      await admin.createTopics([{ topic: FLOOR_TOPIC, partitions: 6, config: { 'retention.ms': '60000' } }]);
  } finally {
    await admin.close();
  }
  const [java, args] = kafkaToolCommand(config, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    FLOOR_TOPIC,
    '--num-records',
    String(records),
    '--record-size',
    '1024',
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${config.endpoints.kafka.brokers.join(',')}`,
    'acks=all',
    'linger.ms=5',
  ]);
  const before = takeCpuSnapshot();
  const { stdout } = await run(java, args, { maxBuffer: 16 * 1024 * 1024 });
  const cpu = cpuBetween(before, takeCpuSnapshot(), broker);
  const summary = stdout.trim().split('\n').at(-1) ?? '';
  const rate = Number(/([\d.]+) records\/sec/.exec(summary)?.[1]);
  return { name: 'kafka ProducerPerformance, 1 KB records', rate, cpuMsPerOp: sumOf(cpu) / records };
}

const sumOf = (byGroup: Record<string, number>): number => Object.values(byGroup).reduce((a, b) => a + b, 0);
