import { e2eServices } from './e2e-platform';

// `up`: stops whatever services are running (demo ones share the consumer groups) and starts every
// service with the e2e settings; `down`: stops them. Run by Jest's global setup and teardown,
// which load modules without the workspace's path aliases, hence a process of its own.
async function main(command: string | undefined): Promise<void> {
  const services = e2eServices();
  if (command === 'up') {
    await services.down();
    await services.up(180_000);
  } else if (command === 'down') {
    await services.down();
  } else {
    throw new Error('usage: e2e-services.cli.ts up|down');
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
