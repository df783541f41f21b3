import './instrumentation';
import 'reflect-metadata';
import { runService } from '@platform/service-kit';
import { AppModule } from './app.module';
import { loadConfig } from './config';
import { corsOptions } from './http/cors.options';

runService('registration-service', () => {
  const config = loadConfig();
  return {
    module: AppModule.forRoot(config),
    httpPort: config.httpPort,
    configure: (app) => app.enableCors(corsOptions(config.corsAllowedOrigins)),
  };
});
