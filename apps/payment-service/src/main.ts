import './instrumentation';
import 'reflect-metadata';
import { runService } from '@platform/service-kit';
import { AppModule } from './app.module';
import { loadConfig } from './config';

runService('payment-service', () => {
  const config = loadConfig();
  return { module: AppModule.forRoot(config), httpPort: config.httpPort };
});
