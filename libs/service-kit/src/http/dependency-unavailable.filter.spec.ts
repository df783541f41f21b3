import 'reflect-metadata';
import { Controller, Get, Module, NotFoundException, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DependencyUnavailableError } from '@platform/messaging';
import { prepareServiceApp } from '../bootstrap/run-service';
import { PostgresDatabase } from '../database/postgres-database';

// Nothing listens on port 1 of loopback, so every connection is refused at once.
const unreachable = new PostgresDatabase({ host: '127.0.0.1', port: 1, database: 'nowhere', user: 'x' });

@Controller()
class ProbeController {
  @Get('unavailable')
  unavailable(): never {
    throw new DependencyUnavailableError('redis', new Error('Connection is closed.'));
  }

  @Get('database')
  async database(): Promise<unknown> {
    return unreachable.transaction((tx) => tx.query('SELECT 1'));
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('unknown module');
  }

  @Get('bug')
  bug(): never {
    throw new TypeError("Cannot read properties of undefined (reading 'id')");
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('DependencyUnavailableFilter', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = prepareServiceApp(await NestFactory.create(ProbeModule, { logger: false }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await unreachable.onApplicationShutdown();
  });

  it('answers 503 with Retry-After and the dependency named when one is unavailable', async () => {
    const response = await fetch(`${base}/unavailable`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'redis is unavailable; retry in 2 s',
    });
  });

  it('turns a refused Postgres connection into that 503', async () => {
    const response = await fetch(`${base}/database`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as { message: string }).message).toBe(
      'postgres (nowhere) is unavailable; retry in 2 s',
    );
  });

  it("leaves every other error to Nest's own handling", async () => {
    expect((await fetch(`${base}/missing`)).status).toBe(404);
    const bug = await fetch(`${base}/bug`);
    expect(bug.status).toBe(500);
    expect(bug.headers.get('retry-after')).toBeNull();
  });
});
