import 'reflect-metadata';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { runService } from '../../src/bootstrap/run-service';

/** A service with nothing in it, started like every service; says which signal shut it down. */
@Module({})
class ProbeModule implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    process.stdout.write(`shutdown ${signal}\n`);
  }
}

runService('signal-probe', () => ({ module: { module: ProbeModule }, httpPort: 0 }));
