import 'reflect-metadata';
import {
  CanActivate,
  Global,
  Injectable,
  Module,
  SetMetadata,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { Counter, Registry } from 'prom-client';
import { ConsumerReadiness } from './consumer-readiness';
import { HealthModule, type HealthModuleOptions } from './health.module';

const OPEN = 'service-kit-spec:open';

/** Stands in for an app's session guard: only routes marked open get through. */
@Injectable()
class OnlyOpenRoutes implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean>(OPEN, [context.getHandler(), context.getClass()]) ?? false
    );
  }
}

/** Stands in for a database and for Redis. */
class Pinger {
  reachable = true;

  async query(): Promise<unknown> {
    if (!this.reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    return { rows: [{ '?column?': 1 }] };
  }

  async ping(): Promise<string> {
    if (!this.reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    return 'PONG';
  }
}

describe(HealthModule.name, () => {
  let app: INestApplication | undefined;
  let pinger: Pinger;

  beforeEach(() => {
    pinger = new Pinger();
  });

  async function start(options: HealthModuleOptions, guarded = false): Promise<string> {
    @Global()
    @Module({ providers: [{ provide: Pinger, useValue: pinger }], exports: [Pinger] })
    class PingerModule {}

    @Module({
      imports: [PingerModule, HealthModule.forRoot(options)],
      providers: guarded ? [{ provide: APP_GUARD, useClass: OnlyOpenRoutes }] : [],
    })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    return app.getUrl();
  }

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers ready with every check up, the database first and the consumer last', async () => {
    const url = await start({
      database: Pinger,
      consumer: true,
      inject: [Pinger],
      checks: (redis: Pinger) => ({ redis: () => redis.ping() }),
    });
    const ready = await fetch(`${url}/health/ready`);

    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe(
      JSON.stringify({ status: 'ok', checks: { database: 'up', redis: 'up', consumer: 'up' } }),
    );
    expect(await (await fetch(`${url}/health/live`)).json()).toEqual({ status: 'ok' });
  });

  it('answers 503 naming each check, with the reason of those that fail', async () => {
    pinger.reachable = false;
    const url = await start({
      database: Pinger,
      consumer: true,
      checks: () => ({ readModel: async () => 'generation-1' }),
    });

    const ready = await fetch(`${url}/health/ready`);

    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'down', readModel: 'up', consumer: 'up' },
      reasons: { database: 'connect ECONNREFUSED 127.0.0.1:5432' },
    });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it('counts the consumer started only once the application listens (after every bootstrap hook)', async () => {
    @Module({ imports: [HealthModule.forRoot({ consumer: true })] })
    class ContextModule {}
    const context = await NestFactory.create(ContextModule, { logger: false });
    await context.init();
    expect(context.get(ConsumerReadiness).isStarted).toBe(false);
    await context.listen(0, '127.0.0.1');
    expect(context.get(ConsumerReadiness).isStarted).toBe(true);
    await context.close();
  });

  it('goes unready again when the application shuts down', async () => {
    await start({ consumer: true });
    const readiness = app!.get(ConsumerReadiness);
    readiness.markStarted();

    await app!.close();
    app = undefined;

    expect(readiness.isStarted).toBe(false);
  });

  it('serves the given registry on /metrics, with the default process metrics', async () => {
    const registry = new Registry();
    new Counter({ name: 'spec_things_total', help: 'things', registers: [registry] }).inc(3);
    const url = await start({ registry });

    const metrics = await fetch(`${url}/metrics`);

    expect(metrics.headers.get('content-type')).toBe(registry.contentType);
    const text = await metrics.text();
    expect(text).toContain('spec_things_total 3');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('puts the given decorators on the controller, so an app guard can let the routes through', async () => {
    const url = await start({ controllerDecorators: [SetMetadata(OPEN, true)] }, true);

    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });

  it('stays behind an app guard without them', async () => {
    const url = await start({}, true);

    expect((await fetch(`${url}/health/ready`)).status).toBe(403);
  });
});
