import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { kafkaSaslMechanisms } from '@platform/config';
import { consumerGroupCatalog, provisionedTopics, topicsConsumedBy } from '@platform/contracts';
import {
  deployedConnectors,
  heartbeatTopicOf,
  HPA_SCALED_SERVICES,
  lagScaledGroups,
} from './catalog.manifests';
import { overlayNames, render, type KubernetesObject } from './kustomize.renderer';
import { crdValidators, validateWithModels } from './schema.validators';
import { loadApps, loadConnectorDefinitions, repoRoot, strimziSchemasDir } from './workspace.files';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered objects are checked field by field */
type Obj = KubernetesObject & {
  spec: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

// Paths to key files are for processes on a machine (a Deployment passes the PEM itself), and a
// fault-injection hook must never be set in a deployment.
const NOT_DEPLOYED = new Set([
  'JWT_PRIVATE_KEY_FILE',
  'JWT_PUBLIC_KEY_FILE',
  'PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT',
]);

const overlays = overlayNames();
const rendered = new Map<string, Obj[]>(
  overlays.map((overlay) => [overlay, render(`overlays/${overlay}`) as Obj[]]),
);
const ofKind = (objects: Obj[], kind: string) => objects.filter((object) => object.kind === kind);
const named = (objects: Obj[], kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name);

const apps = loadApps();
const deployableApps = apps.filter((app) => app.deployable).map((app) => app.name);
// Apps that start the OpenTelemetry SDK (src/instrumentation.ts, the first import of main.ts).
const tracedApps = deployableApps.filter((app) =>
  existsSync(resolve(repoRoot, 'apps', app, 'src/instrumentation.ts')),
);
const connectors = deployedConnectors(loadConnectorDefinitions(), apps);
const strimziKinds = new Set([
  'Kafka',
  'KafkaNodePool',
  'KafkaTopic',
  'KafkaUser',
  'KafkaConnect',
  'KafkaConnector',
]);
const hasStrimziSchemas = existsSync(strimziSchemasDir);

it('finds the dev and prod overlays', () => {
  expect(overlays).toEqual(expect.arrayContaining(['dev', 'prod']));
});

it('keeps secret values out of the base', () => {
  const base = render('base');
  expect(base.filter((object) => object.kind === 'Secret').map((object) => object.metadata.name)).toEqual([]);
});

describe.each(overlays)('overlay %s', (overlay) => {
  const objects = rendered.get(overlay) ?? [];
  const deployments = ofKind(objects, 'Deployment');
  const appDeployments = deployments.filter(
    (deployment) => deployment.metadata.labels?.['app.kubernetes.io/component'] !== 'cache',
  );

  it('puts every namespaced object in one namespace', () => {
    const namespaces = new Set(
      objects.filter((object) => object.kind !== 'Namespace').map((object) => object.metadata.namespace),
    );
    expect([...namespaces]).toHaveLength(1);
    expect(ofKind(objects, 'Namespace').map((object) => object.metadata.name)).toEqual([...namespaces]);
  });

  it('validates every built-in and KEDA object against its model', async () => {
    const problems: string[] = [];
    for (const object of objects.filter((candidate) => !strimziKinds.has(candidate.kind))) {
      for (const problem of await validateWithModels(object)) {
        problems.push(`${object.kind}/${object.metadata.name}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  (hasStrimziSchemas ? it : it.skip)(
    `validates every Strimzi object against its CRD (needs ${strimziSchemasDir})`,
    async () => {
      const validators = crdValidators(strimziSchemasDir);
      const problems: string[] = [];
      const strimziObjects = objects.filter((object) => strimziKinds.has(object.kind));
      for (const object of strimziObjects) {
        const validate = validators.get(`${object.apiVersion}/${object.kind}`);
        if (validate === undefined) {
          problems.push(`${object.kind}/${object.metadata.name}: no CRD for ${object.apiVersion}`);
          continue;
        }
        for (const problem of await validate(object))
          problems.push(`${object.kind}/${object.metadata.name}: ${problem}`);
      }
      expect(problems).toEqual([]);
      expect(strimziObjects.length).toBeGreaterThan(0);
    },
  );

  it('deploys every app of apps/ that has src/main.ts', () => {
    const names = deployments.map((deployment) => deployment.metadata.name);
    expect(names).toEqual(expect.arrayContaining(deployableApps));
  });

  it('gives every container probes, requests, limits and the restricted security context', () => {
    const problems: string[] = [];
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const where = `Deployment/${deployment.metadata.name}`;
      if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod runAsNonRoot`);
      if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${where}: seccomp`);
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const at = `${where} ${container.name}`;
        const security = container.securityContext ?? {};
        if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation`);
        if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem`);
        if (!(security.capabilities?.drop ?? []).includes('ALL'))
          problems.push(`${at}: capabilities drop ALL`);
        for (const resource of ['cpu', 'memory']) {
          if (!container.resources?.requests?.[resource]) problems.push(`${at}: requests.${resource}`);
          if (!container.resources?.limits?.[resource]) problems.push(`${at}: limits.${resource}`);
        }
      }
      const main = pod.containers[0];
      if (!main.readinessProbe || !main.livenessProbe) problems.push(`${where}: probes`);
    }
    expect(problems).toEqual([]);
  });

  it('probes each service on /health/ready and /health/live and gives it a writable /tmp only', () => {
    for (const name of deployableApps) {
      const pod = named(appDeployments, 'Deployment', name)?.spec.template.spec;
      const main = pod.containers[0];
      expect([name, main.readinessProbe.httpGet.path, main.livenessProbe.httpGet.path]).toEqual([
        name,
        '/health/ready',
        '/health/live',
      ]);
      const tmp = pod.volumes.find((volume: any) => volume.name === 'tmp');
      expect(tmp?.emptyDir).toBeDefined();
      expect(main.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    }
  });

  it('gives every service a Service, a PodDisruptionBudget and a NetworkPolicy that select its pods', () => {
    for (const name of deployableApps) {
      const podLabels = named(deployments, 'Deployment', name)?.spec.template.metadata.labels ?? {};
      const selects = (selector: Record<string, string>) =>
        Object.entries(selector).every(([key, value]) => podLabels[key] === value);
      expect([
        name,
        selects(named(objects, 'Service', name)?.spec.selector ?? { missing: 'service' }),
      ]).toEqual([name, true]);
      expect([
        name,
        selects(named(objects, 'PodDisruptionBudget', name)?.spec.selector.matchLabels ?? { missing: 'pdb' }),
      ]).toEqual([name, true]);
      const policy = named(objects, 'NetworkPolicy', name);
      expect([name, selects(policy?.spec.podSelector.matchLabels ?? { missing: 'policy' })]).toEqual([
        name,
        true,
      ]);
      expect(policy?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
  });

  it('denies by default: all ingress in the namespace, all egress of the platform pods', () => {
    const ingress = named(objects, 'NetworkPolicy', 'default-deny-ingress');
    expect(ingress?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const egress = named(objects, 'NetworkPolicy', 'default-deny-egress');
    expect(egress?.spec.policyTypes).toEqual(['Egress']);
    for (const deployment of appDeployments) {
      const labels = deployment.spec.template.metadata.labels;
      for (const [key, value] of Object.entries(egress?.spec.podSelector.matchLabels ?? {})) {
        expect([deployment.metadata.name, labels[key]]).toEqual([deployment.metadata.name, value]);
      }
    }
  });

  it('lets a service reach Kafka only when it is a Kafka client with a KafkaUser of its name', () => {
    for (const deployment of appDeployments) {
      const name = deployment.metadata.name;
      const container = deployment.spec.template.spec.containers[0];
      const username = (container.env ?? []).find(
        (variable: any) => variable.name === 'KAFKA_SASL_USERNAME',
      )?.value;
      const policy = named(objects, 'NetworkPolicy', name);
      const reachesKafka = (policy?.spec.egress ?? []).some((rule: any) =>
        rule.to.some((peer: any) => peer.podSelector?.matchLabels?.['strimzi.io/kind'] === 'Kafka'),
      );
      const isClient = deployment.spec.template.metadata.labels['course-platform/kafka-client'] === 'true';
      expect([name, reachesKafka]).toEqual([name, isClient]);
      if (isClient) {
        expect([name, username]).toEqual([name, name]);
        expect(named(objects, 'KafkaUser', name)).toBeDefined();
      }
    }
  });

  it('signs each Kafka client in as its KafkaUser, with the mechanism the services read and the user has', () => {
    const mechanism = named(objects, 'ConfigMap', 'platform-endpoints')?.data?.KAFKA_SASL_MECHANISM;
    expect(kafkaSaslMechanisms).toContain(mechanism);
    const clients = appDeployments.filter(
      (deployment) => deployment.spec.template.metadata.labels['course-platform/kafka-client'] === 'true',
    );
    expect(clients.length).toBeGreaterThan(0);
    for (const deployment of clients) {
      const name = deployment.metadata.name;
      const container = deployment.spec.template.spec.containers[0];
      const variable = (wanted: string) => (container.env ?? []).find((entry: any) => entry.name === wanted);
      expect({
        name,
        endpoints: container.envFrom.some(
          (source: any) => source.configMapRef?.name === 'platform-endpoints',
        ),
        username: variable('KAFKA_SASL_USERNAME')?.value,
        password: variable('KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef,
        userMechanism: named(objects, 'KafkaUser', name)?.spec.authentication.type,
      }).toEqual({
        name,
        endpoints: true,
        username: name,
        password: { name, key: 'password' },
        userMechanism: mechanism,
      });
    }
  });

  it('points every traced service at the collector and lets its spans out', () => {
    const endpoint = named(objects, 'ConfigMap', 'platform-endpoints')?.data?.OTEL_EXPORTER_OTLP_ENDPOINT;
    const collector = new URL(endpoint ?? 'missing:');
    const exportPolicy = named(objects, 'NetworkPolicy', 'allow-otlp-export');
    const selected = exportPolicy?.spec.podSelector.matchLabels ?? {};
    const allowedPorts = (exportPolicy?.spec.egress ?? []).flatMap((rule: any) =>
      (rule.ports ?? []).map((port: any) => port.port),
    );
    expect(allowedPorts).toContain(Number(collector.port));
    expect(tracedApps.length).toBeGreaterThan(0);
    for (const app of tracedApps) {
      const deployment = named(objects, 'Deployment', app);
      const labels = deployment?.spec.template.metadata.labels ?? {};
      const container = deployment?.spec.template.spec.containers[0];
      expect({
        app,
        endpoints: container?.envFrom.some(
          (source: any) => source.configMapRef?.name === 'platform-endpoints',
        ),
        exportAllowed: Object.entries(selected).every(([key, value]) => labels[key] === value),
      }).toEqual({ app, endpoints: true, exportAllowed: true });
    }
  });

  it('has a KafkaTopic for exactly the catalog topics and the heartbeat topics, with their partitions', () => {
    const expected = [
      ...provisionedTopics.map((topic) => [topic.name, topic.partitions]),
      ...connectors.map(heartbeatTopicOf).map((name) => [name, 1]),
    ].sort();
    const actual = ofKind(objects, 'KafkaTopic')
      .map((topic) => [topic.spec.topicName, topic.spec.partitions])
      .sort();
    expect(actual).toEqual(expected);
    for (const topic of provisionedTopics) {
      const resource = ofKind(objects, 'KafkaTopic').find(
        (candidate) => candidate.spec.topicName === topic.name,
      );
      expect(resource?.spec.config).toEqual({
        'retention.ms': String(topic.retentionMs),
        'cleanup.policy': topic.cleanupPolicy,
      });
    }
  });

  it('has a KafkaConnector equal to each connector file of a service database', () => {
    const resources = ofKind(objects, 'KafkaConnector');
    expect(resources.map((resource) => resource.metadata.name).sort()).toEqual(
      connectors.map((c) => c.name).sort(),
    );
    for (const connector of connectors) {
      const resource = named(resources, 'KafkaConnector', connector.name);
      expect({
        ...resource?.spec.config,
        'connector.class': resource?.spec.class,
        'tasks.max': String(resource?.spec.tasksMax),
      }).toEqual(connector.config);
      expect(resource?.metadata.labels?.['strimzi.io/cluster']).toBe(
        ofKind(objects, 'KafkaConnect')[0]?.metadata.name,
      );
    }
  });

  it('gives Kafka Connect the Debezium Postgres plugin and every variable its connectors refer to', () => {
    const connect = ofKind(objects, 'KafkaConnect')[0];
    const artifacts = connect?.spec.build.plugins.flatMap((plugin: any) => plugin.artifacts);
    expect(artifacts).toContainEqual({
      type: 'maven',
      group: 'io.debezium',
      artifact: 'debezium-connector-postgres',
      version: '3.7.0.Final',
    });
    const provided = connect?.spec.template.connectContainer.env.map((variable: any) => variable.name);
    const referenced = connectors.flatMap((connector) =>
      Object.values(connector.config).flatMap((value) =>
        [...value.matchAll(/\$\{env:([A-Z0-9_]+)\}/g)].map((m) => m[1]),
      ),
    );
    expect(provided).toEqual(expect.arrayContaining([...new Set(referenced)]));
  });

  it('scales each lag-scaled consumer up to the partitions of the busiest topic it reads', () => {
    const scaled = ofKind(objects, 'ScaledObject');
    expect(scaled.map((object) => object.metadata.name).sort()).toEqual(
      lagScaledGroups()
        .map((g) => g.name)
        .sort(),
    );
    for (const group of lagScaledGroups()) {
      const object = named(scaled, 'ScaledObject', group.name);
      const partitions = topicsConsumedBy(group).map(
        (topic) => provisionedTopics.find((candidate) => candidate.name === topic)?.partitions ?? 0,
      );
      expect([group.name, object?.spec.maxReplicaCount]).toEqual([group.name, Math.max(...partitions)]);
      expect(object?.spec.scaleTargetRef.name).toBe(group.name);
      const triggers = object?.spec.triggers.map((trigger: any) => [
        trigger.metadata.consumerGroup,
        trigger.metadata.topic,
      ]);
      expect(triggers).toEqual(topicsConsumedBy(group).map((topic) => [group.name, topic]));
    }
  });

  it('scales the HTTP and WebSocket tiers with an HPA, and leaves replicas to the autoscalers', () => {
    for (const name of HPA_SCALED_SERVICES) {
      expect(named(objects, 'HorizontalPodAutoscaler', name)?.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name,
      });
    }
    const autoscaled = new Set<string>([
      ...HPA_SCALED_SERVICES,
      ...lagScaledGroups().map((group) => group.name),
    ]);
    for (const deployment of appDeployments) {
      const name = deployment.metadata.name;
      expect([name, deployment.spec.replicas === undefined]).toEqual([name, autoscaled.has(name)]);
    }
    expect(consumerGroupCatalog.every((group) => autoscaled.has(group.name))).toBe(true);
  });

  it("provides every variable of each app's .env.example, and no setting the app does not read", () => {
    const secretsElsewhere = rendered.get('dev') ?? [];
    const keysOf = (kind: string, name: string): string[] => {
      const found = named(objects, kind, name) ?? named(secretsElsewhere, kind, name);
      return Object.keys(found?.data ?? found?.stringData ?? {});
    };
    for (const app of apps.filter((candidate) => Object.keys(candidate.envExample).length > 0)) {
      const container = named(deployments, 'Deployment', app.name)?.spec.template.spec.containers[0];
      const provided = new Set<string>([
        ...(container.env ?? []).map((variable: any) => variable.name),
        ...container.envFrom.flatMap((source: any) =>
          source.configMapRef
            ? keysOf('ConfigMap', source.configMapRef.name)
            : keysOf('Secret', source.secretRef.name),
        ),
      ]);
      const required = Object.keys(app.envExample).filter((name) => !NOT_DEPLOYED.has(name));
      expect([app.name, required.filter((name) => !provided.has(name))]).toEqual([app.name, []]);
      const own = keysOf('ConfigMap', `${app.name}-config`);
      expect([app.name, own.filter((name) => !(name in app.envExample))]).toEqual([app.name, []]);
    }
  });

  it("runs each app's migrations from its own image before the app starts", () => {
    for (const app of deployableApps) {
      const pod = named(deployments, 'Deployment', app)?.spec.template.spec;
      const migrate = (pod.initContainers ?? []).find((container: any) => container.name === 'migrate');
      if (!existsSync(resolve(repoRoot, 'apps', app, 'src/database/migrate.cli.ts'))) {
        expect([app, migrate]).toEqual([app, undefined]);
        continue;
      }
      expect([app, migrate?.image, migrate?.command.at(-1)]).toEqual([
        app,
        pod.containers[0].image,
        `dist/apps/${app}/src/database/migrate.cli.js`,
      ]);
    }
  });

  it('sets an image tag on every service image', () => {
    for (const deployment of appDeployments) {
      for (const container of deployment.spec.template.spec.containers) {
        expect(container.image).toMatch(/^course-platform\/[a-z-]+:[\w.-]+$/);
      }
    }
  });
});
