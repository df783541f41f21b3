import { loadStackConfig } from './stack.config';
import { seedServices } from './provisioning/app-commands.provisioner';
import { Services } from './services/services';

const USAGE = `usage: services <command> [app]

  up [app...]       start every service of apps/ (or the named ones), each its own process,
                    and wait until ready
  down              stop exactly the service processes 'up' started (SIGTERM: they drain first)
  status            each service, its state, pid, URL and log file; exit 3 if any is not ready
  seed              load the demo data of every service (idempotent)
  restart <app>     stop and start one service

Each service runs with its .env.example, pointed at the native stack; logs in .stack/logs/services/.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...apps] = argv;
  const app = apps[0];
  const config = loadStackConfig();
  const services = new Services(config, command === 'up' && apps.length > 0 ? { only: apps } : {});
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
      `${mark} ${s.app.padEnd(24)} ${s.state.padEnd(9)} ${String(s.pid ?? '-').padEnd(8)} ${s.url}`,
    );
  }
  return states.every((s) => s.state === 'ready') ? 0 : 3;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
