import { consumerGroupCatalog, topicCatalog } from '@platform/contracts';
import {
  createKafkaClient,
  executeReplay,
  measureLag,
  planReplay,
  type AdminPort,
} from '@platform/messaging';
import { loadStackConfig } from '@platform/stack';
import { eventually } from '@platform/testing';
import { mapWithLimit } from './support/concurrency';
import { e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { freshId, moduleVisible, settled } from './support/scenario';
import { ensureStudents } from './support/students';

jest.setTimeout(900_000);

const REPLAYED_GROUPS = [
  'registration-service',
  'seat-inventory-service',
  'payment-service',
  'saga-coordinator',
] as const;
// session.events gains SessionExpired on its own as time passes; realtime.updates is the projector's.
const QUIET_TOPICS = topicCatalog
  .map((topic) => topic.name)
  .filter((name) => name !== 'session.events' && name !== 'realtime.updates');

describe('replay and rebuild', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  const kafka = createKafkaClient('platformatic', { brokers: loadStackConfig().endpoints.kafka.brokers });
  let admin: AdminPort;

  const topicsOf = (group: (typeof REPLAYED_GROUPS)[number]) =>
    [...(consumerGroupCatalog.find((spec) => spec.name === group)?.consumes ?? [])] as string[];
  const endOffsets = async () =>
    Object.fromEntries(
      await Promise.all(
        QUIET_TOPICS.map(async (topic) => [
          topic,
          (await admin.latestOffsets(topic)).map((o) => o.offset).join(','),
        ]),
      ),
    );

  beforeAll(async () => {
    admin = await kafka.createAdmin({ clientId: 'e2e-replay' });
    // Some finished registrations of every kind, so the replay has something to repeat.
    const moduleId = freshId('REPLAY');
    await truth.createModule({ moduleId, capacity: 3, feeCents: 2000 });
    await moduleVisible(reader, moduleId);
    const students = await ensureStudents(freshId('replay'), 5);
    const tokens = await mapWithLimit(students, 5, (studentId) => api.signIn(studentId));
    const accepted = await Promise.all(tokens.map((token) => api.register(token, moduleId)));
    await mapWithLimit(accepted, 5, (response, i) =>
      settled(api, tokens[i] as string, response.body.registrationId),
    );
  });

  afterAll(async () => {
    await admin.close();
    await truth.close();
    redis.disconnect();
  });

  it('changes nothing when every consumer group replays its topics from the earliest offset', async () => {
    await eventually('the platform to be quiet', async () => {
      for (const group of REPLAYED_GROUPS) {
        if ((await measureLag(admin, group, topicsOf(group))).some((partition) => partition.lag > 0))
          return false;
      }
      return true;
    });
    const before = { state: await truth.fingerprint(), offsets: await endOffsets() };

    let rereads = 0;
    for (const group of REPLAYED_GROUPS) {
      const service = services.get(group);
      await service.stop();
      await eventually(
        `${group} to leave its group`,
        async () => (await admin.describeGroup(group)).members === 0,
      );
      const plan = await planReplay(admin, group, topicsOf(group), { kind: 'earliest' });
      await executeReplay(admin, group, plan);
      rereads += plan.reduce((sum, partition) => sum + partition.rereads, 0);
      service.start();
      await service.waitReady();
    }
    await eventually(
      'every group to read everything again',
      async () => {
        for (const group of REPLAYED_GROUPS) {
          if ((await measureLag(admin, group, topicsOf(group))).some((partition) => partition.lag > 0))
            return false;
        }
        return true;
      },
      600_000,
    );
    expect(rereads).toBeGreaterThan(0);
    // Give any wrongly repeated effect time to travel through the outbox and Debezium.
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    expect(await truth.fingerprint()).toEqual(before.state);
    expect(await endOffsets()).toEqual(before.offsets);
  });

  it('rebuilds flushed read models from CDC until they equal Postgres', async () => {
    await redis.flushdb();
    const projector = services.get('read-model-projector');
    const rebuild = await fetch(`${projector.url}/admin/read-models/rebuild`, { method: 'POST' });
    expect(rebuild.status).toBeLessThan(300);

    const modules = await truth.allModules();
    await eventually(
      'every module in the read model',
      async () => (await reader.modules()).length >= modules.length,
      120_000,
    );
    const views = new Map((await reader.modules()).map((view) => [view.moduleId, view]));
    for (const row of modules) {
      expect(views.get(row.moduleId)).toMatchObject({
        capacity: row.capacity,
        reserved: row.reserved,
        confirmed: row.confirmed,
        available: row.capacity - row.reserved - row.confirmed,
      });
    }
    for (const row of await truth.allRegistrationStatuses()) {
      const view = await reader.registration(row.registrationId);
      expect({ status: view?.status, reason: view?.reason ?? null }).toEqual({
        status: row.status,
        reason: row.reason,
      });
    }
  });
});
