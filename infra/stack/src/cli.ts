import { spawn } from 'node:child_process';
import { loadStackConfig } from './stack.config';
import { Stack, type ComponentStatus, type Output } from './stack';
import { lastLines } from './health/log-tail';
import { addTestConnectors, removeTestConnectors } from './provisioning/test-connectors';

const USAGE = `usage: stack <command>

  up                     start Postgres, Redis, Kafka, Kafka Connect and Prometheus (idempotent),
                         create databases, topics and connectors, wait until all are healthy
  down                   stop exactly the processes 'up' started
  status                 each component, its health, pid and log file; exit 3 if any is not healthy
  logs [name] [-f] [-n N]  the last N (default 40) lines of one or all logs; -f follows
  reset                  down, then delete all data (the downloaded artifacts stay)
  test-connectors add | remove
                         the connectors only tests use (infra/connectors/test); remove also drops
                         their replication slots. ./platform test adds them and removes them after

Hosts and ports come from POSTGRES_HOST/PORT, REDIS_HOST/PORT, KAFKA_HOST/PORT,
KAFKA_CONTROLLER_PORT, KAFKA_SASL_PORT, KAFKA_CONNECT_HOST/PORT, PROMETHEUS_HOST/PORT; the state folder from
STACK_HOME (default .stack/).`;

// kafkajs (unmaintained since 2023) schedules a negative timeout on Node 24, which only warns.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') console.warn(warning);
});

const output: Output = {
  step: (message) => console.log(`\n\x1b[1m==> ${message}\x1b[0m`),
  info: (message) => console.log(`    ${message}`),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadStackConfig();
  const stack = new Stack(config, output);
  switch (command) {
    case 'up':
      await stack.up();
      printStatus(await stack.status());
      return 0;
    case 'down': {
      const leftovers = await stack.down();
      if (leftovers.length > 0) {
        console.error(`still running after down: ${leftovers.join(', ')}`);
        return 1;
      }
      output.info('stopped; no process of the stack is left');
      return 0;
    }
    case 'status': {
      const status = await stack.status();
      printStatus(status);
      return status.components.every((c) => c.state === 'healthy') ? 0 : 3;
    }
    case 'logs':
      return showLogs(stack, rest);
    case 'reset':
      await stack.reset();
      output.info(`stopped and removed all data under ${config.stateDir} (artifacts kept)`);
      return 0;
    case 'test-connectors':
      if (rest[0] === 'add')
        output.info(
          `test connectors added: ${(await addTestConnectors(config)).join(', ') || 'none missing'}`,
        );
      else if (rest[0] === 'remove')
        output.info(
          `test connectors removed: ${(await removeTestConnectors(config)).join(', ') || 'none registered'}`,
        );
      else {
        console.error(`test-connectors takes add or remove\n\n${USAGE}`);
        return 2;
      }
      return 0;
    default:
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

function printStatus(status: Awaited<ReturnType<Stack['status']>>): void {
  const mark = (c: ComponentStatus) =>
    c.state === 'healthy' ? '\x1b[32m●\x1b[0m' : c.state === 'stopped' ? '○' : '\x1b[31m✗\x1b[0m';
  console.log('');
  for (const c of status.components) {
    console.log(
      `${mark(c)} ${c.name.padEnd(14)} ${c.state.padEnd(10)} ${String(c.pid ?? '-').padEnd(8)} ${c.detail}`,
    );
  }
  for (const [name, state] of Object.entries(status.connectors)) {
    console.log(`  connector ${name}: ${state}`);
  }
}

function showLogs(stack: Stack, args: string[]): number {
  const follow = args.includes('-f');
  const countIndex = args.indexOf('-n');
  const count = countIndex >= 0 ? Number(args[countIndex + 1]) : 40;
  const name = args.find((arg, index) => !arg.startsWith('-') && index !== countIndex + 1);
  const components = stack.components.filter((c) => !name || c.name === name);
  if (components.length === 0) {
    console.error(`no component '${name}'; one of: ${stack.components.map((c) => c.name).join(', ')}`);
    return 2;
  }
  if (follow) {
    spawn('tail', ['-n', String(count), '-F', ...components.map((c) => c.logFile)], { stdio: 'inherit' });
    return 0;
  }
  for (const component of components) {
    console.log(`\n\x1b[1m--- ${component.name}: ${component.logFile}\x1b[0m`);
    console.log(lastLines(component.logFile, count));
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`\n\x1b[31mERROR:\x1b[0m ${error.message}`);
    process.exitCode = 1;
  },
);
