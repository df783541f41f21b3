import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ACTIVE_GENERATION_KEY, generationKeys } from '@platform/read-models';
import { ConsumerReadiness, prepareServiceApp } from '@platform/service-kit';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { Database } from '../src/database/database';
import { ModuleCatalogRepository } from '../src/module-catalog/module-catalog.repository';
import { seedStudents } from '../src/database/seed';
import { eventually, freshId, generatePemKeyPair, stackConfig } from './support/stack';

// The service keeps its own copy of the module catalog from seat-inventory's module rows
// (Debezium CDC), so a registration is taken for a module the Redis read model does not hold.
jest.setTimeout(180_000);

const PASSWORD = 'correct horse battery staple';

describe('the module catalog of registration-service', () => {
  let app: INestApplication;
  let baseUrl: string;
  let database: Database;
  let inventory: Client;
  let redis: Redis;
  const student = freshId('it-catalog');
  const moduleId = freshId('CATALOG');

  beforeAll(async () => {
    const keys = await generatePemKeyPair();
    const config = { ...stackConfig(keys), httpPort: 0 };
    app = prepareServiceApp(
      await NestFactory.create(
        AppModule.forRoot(config, {
          groupId: `test.catalog-${randomUUID().slice(0, 8)}`,
          fromBeginning: false,
        }),
        { logger: false },
      ),
    );
    await app.listen(0, '127.0.0.1');
    app.get(ConsumerReadiness).markStarted();
    baseUrl = await app.getUrl();
    database = app.get(Database);
    await seedStudents(database, [{ studentId: student, displayName: student, password: PASSWORD }], {
      passwordHashCost: 4,
    });
    const endpoints = readStackEndpoints();
    inventory = new Client({
      ...endpoints.postgres,
      user: 'seat_inventory',
      password: 'seat_inventory',
      database: 'platform',
    });
    await inventory.connect();
    redis = new Redis({ ...endpoints.redis, lazyConnect: false });
  });

  afterAll(async () => {
    await app?.close();
    await inventory?.end();
    redis?.disconnect();
  });

  const catalogRow = async () =>
    (await database.query('SELECT fee_cents, removed FROM module_catalog WHERE module_id = $1', [moduleId]))
      .rows[0] as { fee_cents: number; removed: boolean } | undefined;

  async function register(): Promise<{ status: number; body: Record<string, unknown> }> {
    const session = await fetch(`${baseUrl}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ studentId: student, password: PASSWORD }),
    });
    const { token } = (await session.json()) as { token: string };
    const response = await fetch(`${baseUrl}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ moduleId }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Takes the module out of the active read model if a projector put it there: the copy must answer alone. */
  async function forgetInRedis(): Promise<void> {
    const active = await redis.get(ACTIVE_GENERATION_KEY);
    if (active) await redis.hdel(generationKeys(active).modules, moduleId);
  }

  it('learns a new module and its fee, and takes a registration for it without the read model', async () => {
    await inventory.query(
      'INSERT INTO modules (module_id, title, capacity, fee_cents) VALUES ($1, $2, 3, 4200)',
      [moduleId, 'Catalog copy'],
    );
    await eventually('the module in the catalog copy', async () => (await catalogRow())?.fee_cents === 4200);
    await forgetInRedis();

    const accepted = await register();
    expect(accepted.status).toBe(202);
    const { rows } = await database.query(
      `SELECT convert_from(payload, 'UTF8')::jsonb AS payload FROM registration_events
        WHERE stream_id = $1 AND type = 'RegistrationRequested'`,
      [accepted.body.registrationId],
    );
    expect((rows[0] as { payload: { fee: unknown } }).payload.fee).toEqual({
      amountCents: 4200,
      currency: 'EUR',
    });
  });

  it('follows a fee change, and refuses a removed module with 404', async () => {
    await inventory.query('UPDATE modules SET fee_cents = 5100 WHERE module_id = $1', [moduleId]);
    await eventually('the new fee in the catalog copy', async () => (await catalogRow())?.fee_cents === 5100);

    await inventory.query('DELETE FROM seat_holds WHERE module_id = $1', [moduleId]);
    await inventory.query('DELETE FROM modules WHERE module_id = $1', [moduleId]);
    await eventually(
      'the module removed from the catalog copy',
      async () => (await catalogRow())?.removed === true,
    );
    await forgetInRedis();
    const refused = await register();
    expect(refused.status).toBe(404);
    expect(refused.body.message).toBe('unknown module');
  });

  it('rewrites a row only when the fee or the removal changes, and never goes back to an older change', async () => {
    const catalog = new ModuleCatalogRepository();
    const id = freshId('CATALOG-ROW');
    const eur = (amountCents: number) => ({ moduleId: id, fee: { amountCents, currency: 'EUR' } });
    const stored = async () =>
      (
        await database.query(
          'SELECT xmin::text AS version, fee_cents, removed, lsn::int AS lsn FROM module_catalog WHERE module_id = $1',
          [id],
        )
      ).rows[0] as { version: string; fee_cents: number; removed: boolean; lsn: number };

    await catalog.upsert(database, eur(100), 10);
    const first = await stored();
    expect(first).toMatchObject({ fee_cents: 100, removed: false, lsn: 10 });

    // Only the seat counts moved: the row is not written again.
    await catalog.upsert(database, eur(100), 20);
    expect(await stored()).toEqual(first);

    await catalog.upsert(database, eur(300), 30);
    expect(await stored()).toMatchObject({ fee_cents: 300, lsn: 30 });
    await catalog.upsert(database, eur(100), 25);
    expect(await stored()).toMatchObject({ fee_cents: 300, lsn: 30 });

    await catalog.markRemoved(database, id, 40);
    const removed = await stored();
    expect(removed).toMatchObject({ removed: true, lsn: 40 });
    await catalog.markRemoved(database, id, 50);
    expect(await stored()).toEqual(removed);
    await catalog.upsert(database, eur(300), 35);
    expect(await stored()).toEqual(removed);

    await catalog.upsert(database, eur(300), 60);
    expect(await stored()).toMatchObject({ fee_cents: 300, removed: false, lsn: 60 });
  });
});
