import './instrumentation';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HttpRouteInterceptor } from '@platform/service-kit';
import { AppModule } from './app.module';
import { loadConfig } from './config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot(config));
  // SIGTERM drains the consumer (running projections finish, offsets commit) before Redis closes.
  app.enableShutdownHooks();
  app.useGlobalInterceptors(new HttpRouteInterceptor());
  await app.listen(config.httpPort);
  Logger.log(`read-model-projector listening on :${config.httpPort}`, 'Main');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Main');
  process.exit(1);
});
