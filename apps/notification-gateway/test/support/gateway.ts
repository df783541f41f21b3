import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WS_PROTOCOL, type MessageInput, type ServerMessage } from '@platform/contracts';
import {
  createKafkaClient,
  createMessage,
  toOutboundMessage,
  type OutboundMessage,
  type ProducerPort,
} from '@platform/messaging';
import { SessionTokenIssuer, type IssuedSessionToken } from '@platform/session-tokens';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import WebSocket from 'ws';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config';
import { ConnectionRegistry } from '../../src/connections/connection.registry';

import { eventually } from '@platform/testing';

export { eventually };

export const ISSUER = 'course-platform/registration-service';
export const AUDIENCE = 'course-platform';
export const ALLOWED_ORIGIN = 'http://localhost:3000';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

export async function generatePemKeyPair(): Promise<KeyPair> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { privateKey: await exportPKCS8(pair.privateKey), publicKey: await exportSPKI(pair.publicKey) };
}

export function tokenIssuer(keys: KeyPair): Promise<SessionTokenIssuer> {
  return SessionTokenIssuer.fromPem(keys.privateKey, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 600 });
}

export interface RunningGateway {
  app: INestApplication;
  url: string;
  connections: ConnectionRegistry;
}

/** The gateway in process on an ephemeral port, in a consumer group of its own. */
export async function startGateway(keys: KeyPair, env: Record<string, string> = {}): Promise<RunningGateway> {
  const endpoints = readStackEndpoints();
  const config = loadConfig({
    REDIS_HOST: endpoints.redis.host,
    REDIS_PORT: String(endpoints.redis.port),
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    JWT_PUBLIC_KEY: keys.publicKey,
    GATEWAY_INSTANCE_ID: `test-${randomUUID().slice(0, 8)}`,
    GATEWAY_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    ...env,
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `ws://127.0.0.1:${port}/ws`, connections: app.get(ConnectionRegistry) };
}

type Received = ServerMessage;

/** A `ws` client that keeps every frame it gets and how it was closed. */
export class TestClient {
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly opened: Promise<void>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.received.push(JSON.parse(data.toString()) as Received));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.opened = new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`HTTP ${response.statusCode}`)),
      );
    });
    this.opened.catch(() => undefined);
  }

  static connect(url: string, token: string, headers: Record<string, string> = {}): TestClient {
    return new TestClient(new WebSocket(url, [WS_PROTOCOL, `bearer.${token}`], { headers }));
  }

  ready(): Promise<void> {
    return this.opened;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  of<T extends Received['type']>(type: T): Extract<Received, { type: T }>[] {
    return this.received.filter((m): m is Extract<Received, { type: T }> => m.type === type);
  }

  events(channel?: string): Extract<Received, { type: 'event' }>[] {
    return this.of('event').filter((m) => channel === undefined || m.channel === channel);
  }

  async request(message: { id: string } & Record<string, unknown>): Promise<Received> {
    this.send(message);
    return eventually(`a reply to ${message.id}`, () =>
      this.received.find((m) => (m.type === 'ack' || m.type === 'error') && m.id === message.id),
    );
  }

  close(): void {
    this.socket.terminate();
  }
}

/** The status an upgrade was refused with, and the body's reason. */
export function refusal(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string> },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers ?? {} });
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => undefined);
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
  });
}

/** Publishes realtime updates and session events the way the projector and registration-service do. */
export class Publisher {
  private constructor(private readonly port: ProducerPort) {}

  static async create(): Promise<Publisher> {
    const kafka = createKafkaClient('platformatic', { brokers: readStackEndpoints().kafka.brokers });
    return new Publisher(
      await kafka.createProducer({ clientId: `test-gateway-${randomUUID().slice(0, 8)}` }),
    );
  }

  async seats(moduleId: string, available: number, capacity = 10): Promise<void> {
    await this.seatsMany([{ moduleId, available, capacity }]);
  }

  async seatsMany(changes: { moduleId: string; available: number; capacity?: number }[]): Promise<void> {
    const messages = changes.map(({ moduleId, available, capacity = Math.max(available, 10) }) =>
      toOutboundMessage(
        createMessage('read-model-projector', 'SeatAvailableChanged', {
          channel: `module:${moduleId}`,
          moduleId,
          capacity,
          reserved: capacity - available,
          confirmed: 0,
          available,
          changedAt: new Date().toISOString(),
        } satisfies MessageInput<'SeatAvailableChanged'>),
      ),
    );
    await this.port.send(messages);
  }

  async status(
    studentId: string,
    registrationId: string,
    moduleId: string,
    status: 'PENDING' | 'COMPLETED',
  ): Promise<void> {
    await this.port.send([
      toOutboundMessage(
        createMessage('read-model-projector', 'RegistrationStatusChanged', {
          channel: `student:${studentId}`,
          registrationId,
          studentId,
          moduleId,
          status,
          changedAt: new Date().toISOString(),
        }),
      ),
    ]);
  }

  async sessionCreated(studentId: string, sessionId: string, issued: IssuedSessionToken): Promise<void> {
    await this.port.send([
      toOutboundMessage(
        createMessage('registration-service', 'SessionCreated', {
          studentId,
          sessionId,
          createdAt: issued.issuedAt.toISOString(),
          expiresAt: issued.expiresAt.toISOString(),
        }),
      ),
    ]);
  }

  /** Records as they are, poison included. */
  async raw(records: OutboundMessage[]): Promise<void> {
    await this.port.send(records);
  }

  async sessionEnded(
    type: 'SessionRevoked' | 'SessionExpired',
    studentId: string,
    sessionId: string,
  ): Promise<void> {
    const at = new Date().toISOString();
    const outbound =
      type === 'SessionRevoked'
        ? toOutboundMessage(
            createMessage('registration-service', 'SessionRevoked', {
              studentId,
              sessionId,
              reason: 'SIGNED_OUT',
              revokedAt: at,
            }),
          )
        : toOutboundMessage(
            createMessage('registration-service', 'SessionExpired', { studentId, sessionId, expiredAt: at }),
          );
    await this.port.send([outbound]);
  }

  close(): Promise<void> {
    return this.port.close();
  }
}

export interface TestSession extends IssuedSessionToken {
  studentId: string;
  sessionId: string;
}

/** Signs students in and out as registration-service does: a token, and its session on session.events. */
export class TestSessions {
  constructor(
    private readonly issuer: SessionTokenIssuer,
    private readonly publisher: Publisher,
  ) {}

  async signIn(studentId = `student-${randomUUID().slice(0, 8)}`, ttlSeconds = 600): Promise<TestSession> {
    const session = await this.unannounced(studentId, ttlSeconds);
    await this.publisher.sessionCreated(studentId, session.sessionId, session);
    return session;
  }

  /** A token signed with the real key for a session that session.events never heard of. */
  async unannounced(
    studentId = `student-${randomUUID().slice(0, 8)}`,
    ttlSeconds = 600,
  ): Promise<TestSession> {
    const sessionId = randomUUID();
    const issued = await this.issuer.issue({ studentId, sessionId }, new Date(), ttlSeconds);
    return { ...issued, studentId, sessionId };
  }

  signOut(session: TestSession): Promise<void> {
    return this.publisher.sessionEnded('SessionRevoked', session.studentId, session.sessionId);
  }
}
