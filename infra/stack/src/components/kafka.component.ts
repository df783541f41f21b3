import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { StackConfig } from '../stack.config';
import { ManagedProcess } from '../process/managed-process';
import { waitUntil } from '../health/wait-until';
import { acceptsConnections } from '../health/port-check';
import { lastLines } from '../health/log-tail';
import { renderTemplateFile } from '../config-template';
import { jvmArtifactPaths } from '../artifacts/jvm-artifacts';
import { withKafkaAdmin } from '../provisioning/kafka-admin';
import { javaArgs } from './java-command';
import { kafkaToolCommand } from './kafka-tool';
import type { Component, Health, ListenPort } from './component';

/** The SCRAM user the stack keeps on the SASL listener, so clients' sign-in can be tested. */
const saslCheckUser = 'platform-sasl-check';

interface SaslCredentials {
  username: string;
  password: string;
}

/** Where the stack keeps the SCRAM user's password (created on the first start, mode 0600). */
export function saslCredentialsFile(config: StackConfig): string {
  return resolve(config.stateDir, 'kafka', 'sasl-credentials.json');
}

/** The broker's server.properties: infra/kafka/server.properties with this stack's ports and paths. */
export function kafkaProperties(config: StackConfig): string {
  const { host, port, controllerPort, saslPort } = config.endpoints.kafka;
  return renderTemplateFile(resolve(config.repoRoot, 'infra/kafka/server.properties'), {
    KAFKA_PORT: port,
    CONTROLLER_PORT: controllerPort,
    KAFKA_SASL_PORT: saslPort,
    KAFKA_PROXIED_PORT: config.kafkaProxiedListener.port,
    KAFKA_PROXY_PORT: config.kafkaProxiedListener.proxyPort,
    KAFKA_ADVERTISED_HOST: host,
    DATA_DIR: resolve(config.stateDir, 'kafka', 'data'),
  });
}

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
    const { host, port, controllerPort, saslPort } = config.endpoints.kafka;
    this.ports = [
      { host, port, variable: 'KAFKA_PORT' },
      { host, port: controllerPort, variable: 'KAFKA_CONTROLLER_PORT' },
      { host, port: saslPort, variable: 'KAFKA_SASL_PORT' },
      // Not KAFKA_PROXY_PORT: the proxy holds that one, and may well run while the broker restarts.
      { host, port: config.kafkaProxiedListener.port, variable: 'KAFKA_PROXIED_PORT' },
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

  /** Starts the broker; the stack then makes sure of its SCRAM user (`ensureSaslUser`). */
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
    writeFileSync(this.propertiesFile, kafkaProperties(this.config));
  }

  /**
   * Makes sure the SCRAM user signs in on the SASL listener with both mechanisms, and says how it
   * stands. The password is made once and kept in the state folder; Kafka's own ConfigCommand (an
   * upsert) runs only when signing in fails, e.g. on a fresh cluster or after the data was reset.
   */
  async ensureSaslUser(): Promise<string> {
    const { host, saslPort } = this.config.endpoints.kafka;
    const where = `${host}:${saslPort}`;
    // A broker started before the SASL listener existed keeps running without it.
    if (!(await acceptsConnections(host, saslPort)))
      return `kafka: no SASL listener on ${where} yet; \`stack down\` then \`stack up\` adds it`;
    const credentials = this.saslCredentials();
    if (await this.saslSignInWorks(credentials))
      return `kafka: SCRAM user ${credentials.username} signs in on ${where}`;
    this.alterScramCredentials(credentials);
    await waitUntil(
      `kafka SCRAM user ${credentials.username} on ${where}`,
      () => this.saslSignInWorks(credentials),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    return `kafka: created SCRAM user ${credentials.username} on ${where}`;
  }

  private saslCredentials(): SaslCredentials {
    const file = saslCredentialsFile(this.config);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SaslCredentials;
    // base64url keeps the password clear of the , ] and = that ConfigCommand's syntax uses.
    const credentials = { username: saslCheckUser, password: randomBytes(24).toString('base64url') };
    mkdirSync(this.home, { recursive: true });
    writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    return credentials;
  }

  private async saslSignInWorks({ username, password }: SaslCredentials): Promise<boolean> {
    const { host, saslPort } = this.config.endpoints.kafka;
    const mechanisms = [
      { mechanism: 'scram-sha-256' as const, username, password },
      { mechanism: 'scram-sha-512' as const, username, password },
    ];
    for (const sasl of mechanisms) {
      const admin = new Kafka({
        clientId: 'platform-stack-sasl',
        brokers: [`${host}:${saslPort}`],
        sasl,
        logLevel: logLevel.NOTHING,
        connectionTimeout: 2000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
      } catch {
        return false;
      } finally {
        await admin.disconnect();
      }
    }
    return true;
  }

  // One ConfigCommand per mechanism: the broker refuses two changes to one user in one request.
  private alterScramCredentials({ username, password }: SaslCredentials): void {
    const { host, port } = this.config.endpoints.kafka;
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      this.runTool(
        'kafka.admin.ConfigCommand',
        [
          ...['--bootstrap-server', `${host}:${port}`, '--alter'],
          ...['--add-config', `${mechanism}=[password=${password}]`],
          ...['--entity-type', 'users', '--entity-name', username],
        ],
        // ConfigCommand repeats its arguments, the password among them, in its error output.
        (stderr) =>
          `kafka: creating the ${mechanism} credential of ${username} failed\n${stderr.replaceAll(password, '***')}`,
      );
    }
  }

  /** KRaft storage is formatted once, with a fresh cluster id, before the first start. */
  private formatStorage(): void {
    const clusterId = randomBytes(16).toString('base64url');
    this.runTool(
      'kafka.tools.StorageTool',
      ['format', '-t', clusterId, '-c', this.propertiesFile, '--standalone', '--ignore-formatted'],
      (stderr) => `kafka: formatting storage in ${this.dataDir} failed\n${stderr}`,
    );
  }

  /** Runs one of Kafka's command-line tools from the broker's classpath; fails with its stderr. */
  private runTool(mainClass: string, args: string[], failure: (stderr: string) => string): void {
    try {
      const [java, javaArgv] = kafkaToolCommand(this.config, mainClass, args);
      execFileSync(java, javaArgv, { stdio: 'pipe' });
    } catch (error) {
      throw new Error(failure((error as { stderr?: Buffer }).stderr?.toString() ?? ''));
    }
  }
}
