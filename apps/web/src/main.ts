import { loadConfig } from './config';
import { buildPageAssets } from './server/page.bundle';
import { createWebServer } from './server/web.server';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = createWebServer(await buildPageAssets(), config.page);
  server.listen(config.httpPort, () => {
    console.log(`web: the student page is at http://localhost:${config.httpPort}/`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
