import './instrumentation';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerReadiness, HttpRouteInterceptor } from '@platform/service-kit';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { corsOptions } from './http/cors.options';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config));
  // SIGTERM stops taking requests, drains the consumer (running handlers finish, offsets
  // commit) and the session sweeper, then closes Redis and the pool.
  app.enableShutdownHooks();
  app.useGlobalInterceptors(new HttpRouteInterceptor());
  app.enableCors(corsOptions(config.corsAllowedOrigins));
  await app.listen(config.httpPort);
  app.get(ConsumerReadiness).markStarted();
  Logger.log(`registration-service listening on :${config.httpPort}`, 'Main');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Main');
  process.exit(1);
});
