import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StackConfig } from './stack.config';
import type { Component, Health } from './components/component';
import { PostgresComponent } from './components/postgres.component';
import { RedisComponent } from './components/redis.component';
import { KafkaComponent } from './components/kafka.component';
import { KafkaConnectComponent } from './components/kafka-connect.component';
import { PrometheusComponent } from './components/prometheus.component';
import { ensureJvmArtifacts } from './artifacts/jvm-artifacts';
import { assertJava } from './preflight/java-version';
import { assertPortFree } from './preflight/free-ports';
import { provisionDatabases } from './provisioning/databases.provisioner';
import { applySchemas } from './provisioning/schemas.provisioner';
import { migrateServices } from './provisioning/app-commands.provisioner';
import { withKafkaAdmin } from './provisioning/kafka-admin';
import { catalogTopicRequests, ensureTopics } from './provisioning/topics.provisioner';
import { ConnectClient, isRunning } from './provisioning/connect-client';
import {
  heartbeatTopicRequests,
  loadConnectorDefinitions,
  provisionConnectors,
} from './provisioning/connectors.provisioner';
import { retireUndeclaredConnectors } from './provisioning/retired-connectors';
import { alignConnectorPublications } from './provisioning/connector-publications';
import { isReplicationSlotActive } from './provisioning/postgres-admin';
import { provisionedTopics } from '@platform/contracts';

export interface Output {
  step(message: string): void;
  info(message: string): void;
}

export interface ComponentStatus extends Health {
  name: string;
  logFile: string;
}

/**
 * The native stack, in start order: Postgres, Redis, Kafka (KRaft), Kafka Connect with Debezium
 * and Prometheus scraping the services.
 */
export class Stack {
  private readonly postgres: PostgresComponent;
  private readonly redis: RedisComponent;
  private readonly kafka: KafkaComponent;
  private readonly connect: KafkaConnectComponent;
  private readonly prometheus: PrometheusComponent;
  private readonly connectorsDir: string;

  constructor(
    private readonly config: StackConfig,
    private readonly out: Output,
  ) {
    this.postgres = new PostgresComponent(config);
    this.redis = new RedisComponent(config);
    this.kafka = new KafkaComponent(config);
    this.connect = new KafkaConnectComponent(config);
    this.prometheus = new PrometheusComponent(config);
    this.connectorsDir = resolve(config.repoRoot, 'infra/connectors');
  }

  get components(): Component[] {
    return [this.postgres, this.redis, this.kafka, this.connect, this.prometheus];
  }

  async up(): Promise<void> {
    const started = Date.now();
    this.out.step('Checking prerequisites');
    assertJava(this.config.java);
    ensureJvmArtifacts(this.config, (line) => this.out.info(line));

    await this.startComponent(this.postgres);
    const createdDatabases = await provisionDatabases(this.config);
    if (createdDatabases.length > 0) this.out.info(`created databases: ${createdDatabases.join(', ')}`);
    await applySchemas(this.config);
    const migrated = await migrateServices(this.config);
    if (migrated.length > 0) this.out.info(`migrated: ${migrated.join(', ')}`);

    await this.startComponent(this.redis);

    const connectorDefinitions = loadConnectorDefinitions(this.connectorsDir);
    await this.startComponent(this.kafka);
    this.out.info(await this.kafka.ensureSaslUser());
    const topics = await withKafkaAdmin(this.config, (admin) =>
      ensureTopics(admin, [
        ...catalogTopicRequests(provisionedTopics),
        ...heartbeatTopicRequests(connectorDefinitions),
      ]),
    );
    this.out.info(
      `topics: ${topics.created.length} created, ${topics.widened.length} widened, ${topics.unchanged.length} already there`,
    );

    await this.startComponent(this.connect);
    const aligned = await alignConnectorPublications(this.config, connectorDefinitions);
    if (aligned.length > 0)
      this.out.info(`publications set to their connectors' tables: ${aligned.join(', ')}`);
    const connectors = await provisionConnectors(
      new ConnectClient(this.config.endpoints.kafkaConnect.url),
      connectorDefinitions,
      this.config.startTimeoutMs,
      (slot) => isReplicationSlotActive(this.config, slot),
    );
    this.out.info(`connectors running: ${connectors.join(', ')}`);
    const retired = await retireUndeclaredConnectors(this.config, connectors);
    if (retired.length > 0)
      this.out.info(`connectors no file declares, deleted with their slots: ${retired.join(', ')}`);

    await this.startComponent(this.prometheus);
    if (this.prometheus.refreshTargets())
      this.out.info('prometheus: scrape targets changed, configuration reloaded');
    this.out.step(`Stack is up (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  async down(): Promise<number[]> {
    for (const component of [...this.components].reverse()) {
      this.out.info(`stopping ${component.name}`);
      await component.stop();
    }
    return this.components.flatMap((component) => component.leftovers());
  }

  async status(): Promise<{ components: ComponentStatus[]; connectors: Record<string, string> }> {
    const components = await Promise.all(
      this.components.map(async (component) => ({
        name: component.name,
        logFile: component.logFile,
        ...(await component.health()),
      })),
    );
    const connectors: Record<string, string> = {};
    if (components.find((c) => c.name === this.connect.name)?.state === 'healthy') {
      const client = new ConnectClient(this.config.endpoints.kafkaConnect.url);
      for (const definition of loadConnectorDefinitions(this.connectorsDir)) {
        connectors[definition.name] = await client
          .status(definition.name)
          .then((status) =>
            isRunning(status)
              ? 'RUNNING'
              : `${status.connector.state} (tasks: ${status.tasks.map((t) => t.state).join(', ') || 'none'})`,
          )
          .catch(() => 'not registered');
      }
    }
    return { components, connectors };
  }

  /** Stops everything and removes all data; the Maven artifacts stay, so the next `up` is quick. */
  async reset(): Promise<void> {
    const leftovers = await this.down();
    if (leftovers.length > 0) throw new Error(`processes still running: ${leftovers.join(', ')}`);
    for (const dir of this.components.flatMap((component) => component.dataDirs())) {
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(this.config.runDir, { recursive: true, force: true });
  }

  private async startComponent(component: Component): Promise<void> {
    const started = Date.now();
    const before = await component.health();
    if (before.state === 'healthy') {
      this.out.info(`${component.name}: already healthy (${before.detail})`);
      return;
    }
    this.out.step(`Starting ${component.name}`);
    if (before.state === 'stopped') {
      for (const { host, port, variable } of component.ports)
        await assertPortFree(component.name, variable, host, port);
    }
    await component.start();
    this.out.info(
      `${component.name}: healthy in ${((Date.now() - started) / 1000).toFixed(1)} s, log ${component.logFile}`,
    );
  }
}
