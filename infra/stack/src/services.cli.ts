import { loadStackConfig } from './stack.config';
import { seedServices } from './provisioning/app-commands.provisioner';
import type { ServiceState } from './services/service-process';
import { Services } from './services/services';
import { restartPolicyFromEnv } from './supervisor/restart-policy';
import { describeExit } from './supervisor/restart-record';

const USAGE = `usage: services <command> [app]

  up [app...]       start every service of apps/ (or the named ones), each its own process
                    under a supervisor that restarts it, and wait until ready
  down              stop exactly the supervisors and services 'up' started (SIGTERM: they drain first)
  status            each service: ready, starting, restarting, crash-loop or stopped, its pid,
                    URL, restart count and last exit's cause; exit 3 if any is not ready
  seed              load the demo data of every service (idempotent)
  restart <app>     stop and start one service (with a fresh supervisor: also after a crash loop)

Each service runs with its .env.example, pointed at the native stack; logs in .stack/logs/services/.
A service that exits unasked is restarted after 1 s, doubling to 30 s, back to 1 s after a run of
60 s; 5 exits within 2 minutes are a crash loop, reported and not restarted. Each restart (time,
exit code or signal, last log lines) is in .stack/run/services/<app>.supervisor.json. Settings:
SERVICES_RESTART_BACKOFF_MS, SERVICES_RESTART_BACKOFF_MAX_MS, SERVICES_RESTART_STABLE_MS,
SERVICES_CRASH_LOOP_EXITS, SERVICES_CRASH_LOOP_WINDOW_MS.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...apps] = argv;
  const app = apps[0];
  const config = loadStackConfig();
  const services = new Services(config, {
    only: command === 'up' && apps.length > 0 ? apps : undefined,
    restartPolicy: restartPolicyFromEnv(process.env),
  });
  switch (command) {
    case 'up':
      await services.up();
      return printStatus(services);
    case 'down':
      await services.down();
      return 0;
    case 'status':
      return printStatus(services);
    case 'seed':
      console.log(`    seeded: ${(await seedServices(config)).join(', ')}`);
      return 0;
    case 'restart': {
      if (!app) break;
      const service = services.get(app);
      await service.stop();
      service.start();
      await service.waitReady();
      return printStatus(services);
    }
  }
  console.log(USAGE);
  return command === 'help' || command === '--help' ? 0 : 2;
}

async function printStatus(services: Services): Promise<number> {
  const states = await services.status();
  for (const s of states) {
    const mark = s.state === 'ready' ? '\x1b[32m●\x1b[0m' : '\x1b[31m●\x1b[0m';
    console.log(
      `${mark} ${s.app.padEnd(24)} ${s.state.padEnd(10)} ${String(s.pid ?? '-').padEnd(8)} ${s.url.padEnd(22)} ${restarts(s)}`,
    );
  }
  return states.every((s) => s.state === 'ready') ? 0 : 3;
}

function restarts(state: ServiceState): string {
  const count = `${state.restarts} restart${state.restarts === 1 ? '' : 's'}`;
  return state.lastExit
    ? `${count}, last exit: ${describeExit(state.lastExit)} at ${state.lastExit.at}`
    : count;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
