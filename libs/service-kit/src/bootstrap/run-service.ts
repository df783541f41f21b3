import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { DependencyUnavailableFilter } from '../http/dependency-unavailable.filter';
import { HttpRouteInterceptor } from '../http/http-route.interceptor';

export interface ServiceApplication {
  module: DynamicModule;
  httpPort: number;
  /** App-specific HTTP settings (CORS, say), applied before it listens. */
  configure?: (app: INestApplication) => void;
  /** Said after the port in the start-up line, e.g. where the WebSocket is. */
  listeningNote?: string;
}

// Only these end the service (SIGTERM from a supervisor or the kubelet, Ctrl-C): Nest's default
// would also treat SIGHUP, SIGUSR2 and the rest as a shutdown, and SIGUSR2 is Node's signal for a
// diagnostic report (--diagnostic-report-on-signal).
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'];

/**
 * Every Nest service's main: validate the config (inside `define`), create the app, and on
 * SIGTERM drain it (the consumer finishes running handlers and commits, then pools close). HTTP
 * routes get their span name and a failed dependency answers 503 with Retry-After. A failure to
 * start is logged and exits 1.
 */
export function runService(name: string, define: () => ServiceApplication): void {
  start(name, define).catch((error: unknown) => {
    Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Main');
    process.exit(1);
  });
}

async function start(name: string, define: () => ServiceApplication): Promise<void> {
  // A service is a daemon: a hang-up means nothing to it (Node's default would end it on the spot).
  process.on('SIGHUP', () => Logger.log('SIGHUP ignored: SIGTERM stops the service', 'Main'));
  const { module, httpPort, configure, listeningNote } = define();
  // Errors are thrown to the caller, which logs them and exits, instead of Nest aborting the process.
  const app = prepareServiceApp(await NestFactory.create(module, { abortOnError: false }));
  configure?.(app);
  await app.listen(httpPort);
  Logger.log(`${name} listening on :${httpPort}${listeningNote ? ` (${listeningNote})` : ''}`, 'Main');
}

/** What every service's app gets before it listens; tests that run a service in process use it too. */
export function prepareServiceApp<A extends INestApplication>(app: A): A {
  app.enableShutdownHooks(SHUTDOWN_SIGNALS);
  app.useGlobalInterceptors(new HttpRouteInterceptor());
  app.useGlobalFilters(new DependencyUnavailableFilter(app.get(HttpAdapterHost).httpAdapter));
  return app;
}
