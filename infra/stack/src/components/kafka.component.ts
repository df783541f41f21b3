import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StackConfig } from '../stack.config';
import { ManagedProcess } from '../process/managed-process';
import { waitUntil } from '../health/wait-until';
import { lastLines } from '../health/log-tail';
import { renderTemplateFile } from '../config-template';
import { jvmArtifactPaths } from '../artifacts/jvm-artifacts';
import { withKafkaAdmin } from '../provisioning/kafka-admin';
import { javaArgs } from './java-command';
import type { Component, Health, ListenPort } from './component';

/** Apache Kafka 4, one node in KRaft mode (broker and controller in one JVM). */
export class KafkaComponent implements Component {
  readonly name = 'kafka';
  readonly logFile: string;
  readonly ports: ListenPort[];
  private readonly home: string;
  private readonly dataDir: string;
  private readonly propertiesFile: string;
  private readonly consoleLog: string;
  private readonly process: ManagedProcess;

  constructor(private readonly config: StackConfig) {
    const { host, port, controllerPort } = config.endpoints.kafka;
    this.ports = [
      { host, port, variable: 'KAFKA_PORT' },
      { host, port: controllerPort, variable: 'KAFKA_CONTROLLER_PORT' },
    ];
    this.home = resolve(config.stateDir, 'kafka');
    this.dataDir = resolve(this.home, 'data');
    this.propertiesFile = resolve(this.home, 'server.properties');
    const logDir = resolve(config.logsDir, 'kafka');
    this.logFile = resolve(logDir, 'server.log');
    this.consoleLog = resolve(logDir, 'console.log');
    this.process = new ManagedProcess({
      name: this.name,
      command: config.java,
      args: javaArgs({
        heap: config.kafkaHeap,
        classpathDir: jvmArtifactPaths(config).kafkaLibs,
        log4jConfig: resolve(config.repoRoot, 'infra/kafka/log4j2.xml'),
        logDir,
        mainClass: 'kafka.Kafka',
        args: [this.propertiesFile],
      }),
      logFile: this.consoleLog,
      pidFile: resolve(config.runDir, 'kafka.pid.json'),
    });
  }

  async start(): Promise<void> {
    if (this.process.running() && (await this.ping())) return;
    this.writeProperties();
    if (!existsSync(resolve(this.dataDir, 'meta.properties'))) this.formatStorage();
    const identity = this.process.start();
    await waitUntil(`kafka on port ${this.config.endpoints.kafka.port}`, () => this.ping(), {
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

  leftovers(): number[] {
    return this.process.leftovers();
  }

  dataDirs(): string[] {
    return [this.home];
  }

  async health(): Promise<Health> {
    const pid = this.process.running()?.pid;
    const where = this.config.endpoints.kafka.brokers.join(',');
    if (await this.ping()) return { state: 'healthy', detail: where, pid };
    return pid
      ? {
          state: 'unhealthy',
          detail: `process ${pid} runs but ${where} does not answer metadata requests`,
          pid,
        }
      : { state: 'stopped', detail: `nothing answers on ${where}` };
  }

  private ping(): Promise<boolean> {
    return withKafkaAdmin(
      this.config,
      async (admin) => (await admin.describeCluster()).brokers.length > 0,
    ).catch(() => false);
  }

  private writeProperties(): void {
    mkdirSync(this.dataDir, { recursive: true });
    const { host, port, controllerPort } = this.config.endpoints.kafka;
    writeFileSync(
      this.propertiesFile,
      renderTemplateFile(resolve(this.config.repoRoot, 'infra/kafka/server.properties'), {
        KAFKA_PORT: port,
        CONTROLLER_PORT: controllerPort,
        KAFKA_ADVERTISED_HOST: host,
        DATA_DIR: this.dataDir,
      }),
    );
  }

  /** KRaft storage is formatted once, with a fresh cluster id, before the first start. */
  private formatStorage(): void {
    const clusterId = randomBytes(16).toString('base64url');
    try {
      execFileSync(
        this.config.java,
        javaArgs({
          heap: '256m',
          classpathDir: jvmArtifactPaths(this.config).kafkaLibs,
          log4jConfig: resolve(this.config.repoRoot, 'infra/kafka/log4j2-tools.xml'),
          logDir: resolve(this.config.logsDir, 'kafka'),
          mainClass: 'kafka.tools.StorageTool',
          args: ['format', '-t', clusterId, '-c', this.propertiesFile, '--standalone', '--ignore-formatted'],
        }),
        { stdio: 'pipe' },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`kafka: formatting storage in ${this.dataDir} failed\n${stderr}`);
    }
  }
}
