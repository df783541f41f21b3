import { Controller, Get, Header, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { corsOptions } from './cors.options';

@Controller()
class ProbeController {
  @Get('modules')
  @Header('retry-after', '1')
  modules(): string[] {
    return [];
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe(corsOptions.name, () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, { logger: false });
    app.enableCors(corsOptions(['http://localhost:3000']));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  it('answers a preflight from an allowed origin with the methods and headers the page sends', async () => {
    const response = await fetch(`${base}/modules`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,DELETE');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type,idempotency-key',
    );
  });

  it('lets the page read Retry-After', async () => {
    const response = await fetch(`${base}/modules`, { headers: { origin: 'http://localhost:3000' } });

    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-expose-headers')).toBe('retry-after');
  });

  it('grants nothing to another origin', async () => {
    const response = await fetch(`${base}/modules`, { headers: { origin: 'http://evil.example' } });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
