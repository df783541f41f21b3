import './instrumentation';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerReadiness } from '@platform/service-kit';
import { AppModule } from './app.module';
import { loadConfig } from './config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config));
  // SIGTERM drains the consumer (running handlers finish, offsets commit) before the pool closes.
  app.enableShutdownHooks();
  await app.listen(config.httpPort);
  app.get(ConsumerReadiness).markStarted();
  Logger.log(`seat-inventory-service listening on :${config.httpPort}`, 'Main');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Main');
  process.exit(1);
});
