import './instrumentation';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadConfig } from './config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config));
  // SIGTERM closes every socket with 1001 (clients reconnect to another instance), then leaves the group.
  app.enableShutdownHooks();
  await app.listen(config.httpPort);
  Logger.log(`notification-gateway listening on :${config.httpPort} (WebSocket at /ws)`, 'Main');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Main');
  process.exit(1);
});
