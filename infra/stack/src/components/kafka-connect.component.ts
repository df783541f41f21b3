import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StackConfig } from '../stack.config';
import { ManagedProcess } from '../process/managed-process';
import { waitUntil } from '../health/wait-until';
import { lastLines } from '../health/log-tail';
import { renderTemplateFile } from '../config-template';
import { jvmArtifactPaths } from '../artifacts/jvm-artifacts';
import { ConnectClient } from '../provisioning/connect-client';
import { javaArgs } from './java-command';
import type { Component, Health, ListenPort } from './component';

const DEBEZIUM_POSTGRES = 'io.debezium.connector.postgresql.PostgresConnector';

/** A Kafka Connect distributed worker with the Debezium Postgres connector plugin. */
export class KafkaConnectComponent implements Component {
  readonly name = 'kafka-connect';
  readonly logFile: string;
  readonly ports: ListenPort[];
  private readonly propertiesFile: string;
  private readonly consoleLog: string;
  private readonly client: ConnectClient;
  private readonly process: ManagedProcess;
  private readonly environment: Record<string, string>;
  private readonly environmentFile: string;

  constructor(private readonly config: StackConfig) {
    const { host, port, url } = config.endpoints.kafkaConnect;
    this.ports = [{ host, port, variable: 'KAFKA_CONNECT_PORT' }];
    this.client = new ConnectClient(url);
    const home = resolve(config.stateDir, 'kafka-connect');
    this.propertiesFile = resolve(home, 'connect-distributed.properties');
    const logDir = resolve(config.logsDir, 'kafka-connect');
    this.logFile = resolve(logDir, 'connect.log');
    this.consoleLog = resolve(logDir, 'console.log');
    this.environment = connectorEnvironment(config);
    this.environmentFile = resolve(config.runDir, 'kafka-connect.environment.sha256');
    this.process = new ManagedProcess({
      name: this.name,
      command: config.java,
      args: javaArgs({
        heap: config.connectHeap,
        classpathDir: jvmArtifactPaths(config).kafkaLibs,
        log4jConfig: resolve(config.repoRoot, 'infra/connect/log4j2.xml'),
        logDir,
        mainClass: 'org.apache.kafka.connect.cli.ConnectDistributed',
        args: [this.propertiesFile],
      }),
      logFile: this.consoleLog,
      pidFile: resolve(config.runDir, 'kafka-connect.pid.json'),
      env: { ...process.env, ...this.environment },
    });
  }

  /**
   * A worker started with other connector variables than today's (a release that added a role,
   * ADR 0009) cannot resolve the connectors' `${env:...}` references: it is restarted.
   */
  async start(): Promise<void> {
    if (this.process.running() && (await this.ready())) {
      if (this.startedWithEnvironment()) return;
      await this.stop();
    }
    mkdirSync(resolve(this.propertiesFile, '..'), { recursive: true });
    writeFileSync(
      this.propertiesFile,
      renderTemplateFile(resolve(this.config.repoRoot, 'infra/connect/connect-distributed.properties'), {
        KAFKA_BOOTSTRAP: this.config.endpoints.kafka.brokers.join(','),
        CONNECT_PORT: this.config.endpoints.kafkaConnect.port,
        CONNECT_PLUGIN_PATH: jvmArtifactPaths(this.config).connectPlugins,
      }),
    );
    const identity = this.process.start();
    mkdirSync(this.config.runDir, { recursive: true });
    writeFileSync(this.environmentFile, this.environmentDigest());
    await waitUntil(`kafka-connect on port ${this.config.endpoints.kafkaConnect.port}`, () => this.ready(), {
      timeoutMs: this.config.startTimeoutMs,
      intervalMs: 500,
      whileAlive: () => this.process.running()?.pid === identity.pid,
    }).catch((error: Error) => {
      throw new Error(
        `${error.message}\nlast lines of ${this.logFile}:\n${lastLines(this.logFile, 15)}\n` +
          `last lines of ${this.consoleLog}:\n${lastLines(this.consoleLog, 10)}`,
      );
    });
  }

  stop(): Promise<void> {
    return this.process.stop(60_000);
  }

  private environmentDigest(): string {
    return createHash('sha256')
      .update(JSON.stringify(Object.entries(this.environment).sort()))
      .digest('hex');
  }

  private startedWithEnvironment(): boolean {
    return (
      existsSync(this.environmentFile) &&
      readFileSync(this.environmentFile, 'utf8') === this.environmentDigest()
    );
  }

  leftovers(): number[] {
    return this.process.leftovers();
  }

  dataDirs(): string[] {
    // The worker keeps its state (configs, offsets, status) in Kafka topics.
    return [resolve(this.propertiesFile, '..')];
  }

  async health(): Promise<Health> {
    const pid = this.process.running()?.pid;
    const url = this.config.endpoints.kafkaConnect.url;
    if (await this.ready().catch(() => false)) {
      if (this.startedWithEnvironment()) return { state: 'healthy', detail: url, pid };
      return { state: 'unhealthy', detail: `${url} answers, started with other connector variables`, pid };
    }
    return pid
      ? {
          state: 'unhealthy',
          detail: `process ${pid} runs but ${url} is not ready or lacks the Debezium plugin`,
          pid,
        }
      : { state: 'stopped', detail: `nothing answers on ${url}` };
  }

  /** The REST API answers and the Debezium Postgres plugin is loaded. */
  private async ready(): Promise<boolean> {
    try {
      return (await this.client.isUp()) && (await this.client.pluginClasses()).includes(DEBEZIUM_POSTGRES);
    } catch {
      return false;
    }
  }
}

/**
 * What the connector configurations' `${env:...}` references resolve to, and the services'
 * database variables: where Postgres is, each store's credentials and database as
 * <STORE>_DB_USER, <STORE>_DB_PASSWORD and <STORE>_DB_NAME, and Debezium's as DEBEZIUM_DB_*.
 */
export function connectorEnvironment(config: StackConfig): Record<string, string> {
  const env: Record<string, string> = {
    POSTGRES_HOST: config.endpoints.postgres.host,
    POSTGRES_PORT: String(config.endpoints.postgres.port),
  };
  for (const database of config.databases) {
    const prefix = database.name.toUpperCase();
    env[`${prefix}_DB_USER`] = database.owner;
    env[`${prefix}_DB_PASSWORD`] = database.password;
    env[`${prefix}_DB_NAME`] = database.database;
  }
  env.DEBEZIUM_DB_USER = config.cdc.role;
  env.DEBEZIUM_DB_PASSWORD = config.cdc.password;
  return env;
}
