import { consumerGroupCatalog } from '@platform/contracts';
import {
  connectUser,
  deployedConnectors,
  heartbeatTopicOf,
  kafkaConnectors,
  kedaUser,
  maxConsumers,
  serviceUsers,
  topicResourceName,
  type Manifest,
} from './catalog.manifests';
import type { AppFiles, ConnectorDefinition } from './workspace.files';

const group = (name: string) => {
  const found = consumerGroupCatalog.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no group ${name}`);
  return found;
};
const app = (name: string, envExample: Record<string, string> = {}): AppFiles => ({
  name,
  deployable: true,
  envExample,
});
const apps = [
  app('registration-service', { REGISTRATION_DB_NAME: 'registration' }),
  app('seat-inventory-service', { SEAT_INVENTORY_DB_NAME: 'seat_inventory' }),
  app('payment-service', { PAYMENT_DB_NAME: 'payment', PAYMENT_PROVIDER_DB_NAME: 'payment_provider' }),
  app('saga-coordinator', { SAGA_DB_NAME: 'saga' }),
  app('read-model-projector'),
  app('notification-gateway'),
];
const connector = (name: string, config: Record<string, string>): ConnectorDefinition => ({ name, config });
type Acl = { resource: { type: string; name: string; patternType: string }; operations: string[] };
const aclsOf = (user: Manifest) => (user.spec['authorization'] as { acls: Acl[] }).acls;
const userOf = (name: string) => serviceUsers(apps).find((user) => user.metadata.name === name) as Manifest;

describe(topicResourceName.name, () => {
  it('makes a valid object name of any topic name', () => {
    expect(topicResourceName('cdc.seat_inventory.public.modules')).toBe('cdc.seat-inventory.public.modules');
    expect(topicResourceName('__debezium-heartbeat.registration')).toBe('debezium-heartbeat.registration');
  });
});

describe(heartbeatTopicOf.name, () => {
  it('names the topic Debezium beats to, only when it beats', () => {
    const beating = { 'heartbeat.interval.ms': '10000', 'topic.prefix': 'saga' };
    expect(heartbeatTopicOf(connector('a', beating))).toBe('__debezium-heartbeat.saga');
    expect(heartbeatTopicOf(connector('a', { ...beating, 'topic.heartbeat.prefix': 'hb' }))).toBe('hb.saga');
    expect(heartbeatTopicOf(connector('a', { 'topic.prefix': 'saga' }))).toBeUndefined();
  });
});

describe(deployedConnectors.name, () => {
  it("keeps the connectors of a service's database and drops the stack's test databases", () => {
    const connectors = [
      connector('outbox-saga', { 'database.dbname': 'saga' }),
      connector('outbox-smoke', { 'database.dbname': 'smoke' }),
    ];
    expect(deployedConnectors(connectors, apps).map((c) => c.name)).toEqual(['outbox-saga']);
  });
});

describe(kafkaConnectors.name, () => {
  it('lifts the class and task count into spec and keeps the rest of the configuration as it is', () => {
    const [resource] = kafkaConnectors([
      connector('c', {
        'connector.class': 'X',
        'tasks.max': '2',
        'slot.name': 's',
        'database.user': '${env:U}',
      }),
    ]);
    expect(resource?.spec).toEqual({
      class: 'X',
      tasksMax: 2,
      autoRestart: { enabled: true },
      config: { 'slot.name': 's', 'database.user': '${env:U}' },
    });
  });
});

describe(maxConsumers.name, () => {
  it('is the partition count of the busiest topic a group reads', () => {
    expect(maxConsumers(group('saga-coordinator'))).toBe(10);
    expect(maxConsumers(group('read-model-projector'))).toBe(10);
    expect(maxConsumers(group('notification-gateway'))).toBe(10);
  });
});

describe(serviceUsers.name, () => {
  it('lets a service read what it consumes under groups prefixed with its name, and write its dead letters', () => {
    expect(aclsOf(userOf('seat-inventory-service'))).toEqual([
      {
        resource: { type: 'topic', name: 'inventory.commands', patternType: 'literal' },
        operations: ['Read', 'Describe'],
      },
      {
        resource: { type: 'group', name: 'seat-inventory-service', patternType: 'prefix' },
        operations: ['Read', 'Describe'],
      },
      {
        resource: { type: 'topic', name: 'seat-inventory-service.dlq', patternType: 'literal' },
        operations: ['Write', 'Describe'],
      },
    ]);
  });

  it('lets the projector, which has no outbox, write realtime.updates itself', () => {
    const writes = aclsOf(userOf('read-model-projector')).filter((acl) => acl.operations.includes('Write'));
    expect(writes.map((acl) => acl.resource.name)).toEqual(['read-model-projector.dlq', 'realtime.updates']);
  });

  it('never lets a service with an outbox write its events directly', () => {
    const writes = aclsOf(userOf('registration-service')).filter((acl) => acl.operations.includes('Write'));
    expect(writes.map((acl) => acl.resource.name)).toEqual(['registration-service.dlq']);
  });
});

describe(connectUser.name, () => {
  it('writes the outbox and CDC topics and the heartbeats, not what a service writes itself', () => {
    const connectors = [connector('outbox-saga', { 'heartbeat.interval.ms': '1', 'topic.prefix': 'saga' })];
    const written = aclsOf(connectUser(connectors, apps))
      .filter((acl) => acl.resource.patternType === 'literal' && acl.resource.type === 'topic')
      .map((acl) => acl.resource.name);
    expect(written).toEqual(
      expect.arrayContaining([
        'inventory.commands',
        'registration.events',
        'cdc.registration.public.registration_status',
      ]),
    );
    expect(written).toContain('__debezium-heartbeat.saga');
    expect(written).not.toContain('realtime.updates');
  });
});

describe(kedaUser.name, () => {
  it('may only describe', () => {
    expect(new Set(aclsOf(kedaUser()).flatMap((acl) => acl.operations))).toEqual(new Set(['Describe']));
  });
});
