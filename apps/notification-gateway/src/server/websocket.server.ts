import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SessionTokenExpiredError, SessionTokenVerifier, type SessionClaims } from '@platform/session-tokens';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Config } from '../config';
import { Connection } from '../connections/connection';
import { ConnectionRegistry } from '../connections/connection.registry';
import { CONFIG } from '../core/core.tokens';
import { GatewayMetrics } from '../core/gateway.metrics';
import { ProtocolRouter } from '../protocol/protocol.router';
import { SessionAdmission } from '../sessions/session.admission';
import { originAllowed, pathOf, selectProtocol, tokenOf, WEBSOCKET_PATH } from './handshake';

const PING_SLICE = 500;

const shutdownGraceMs = 2_000;

/**
 * The WebSocket endpoint on the app's HTTP server. The token, its session and the Origin are
 * checked in the upgrade handler, so a refused client never gets a WebSocket: 401 or 403 with the
 * reason.
 */
@Injectable()
export class WebSocketServerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebSocketServerHost.name);
  private readonly wss: WebSocketServer;
  private pingTimer: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.upgrade(request, socket, head).catch((error: unknown) => {
      this.logger.error(`upgrade failed: ${String(error)}`);
      refuse(socket, 500, 'internal error');
    });
  };

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(SessionTokenVerifier) private readonly verifier: SessionTokenVerifier,
    @Inject(ProtocolRouter) private readonly router: ProtocolRouter,
    @Inject(ConnectionRegistry) private readonly connections: ConnectionRegistry,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(SessionAdmission) private readonly sessions: SessionAdmission,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.gateway.maxMessageBytes,
      // Compression costs CPU and memory per socket and lets a client inflate small frames.
      perMessageDeflate: false,
      handleProtocols: selectProtocol,
    });
  }

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
    this.pingTimer = setInterval(() => this.pingAll(), this.config.gateway.pingIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.pingTimer);
    this.server?.off('upgrade', this.onUpgrade);
    this.connections.closeAll();
    const deadline = Date.now() + shutdownGraceMs;
    while (this.wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (pathOf(request) !== WEBSOCKET_PATH)
      return this.reject(socket, 404, `no WebSocket endpoint at ${pathOf(request)}`);
    if (!originAllowed(request, this.config.gateway.allowedOrigins))
      return this.reject(socket, 403, `origin ${request.headers.origin} is not allowed`);
    const token = tokenOf(request);
    if (!token)
      return this.reject(socket, 401, 'no session token (subprotocol bearer.<token> or ?access_token=)');
    let claims: SessionClaims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      return this.reject(
        socket,
        401,
        error instanceof SessionTokenExpiredError ? 'token expired' : 'invalid token',
      );
    }
    const verdict = await this.sessions.admit(claims);
    if (!verdict.admitted) return this.reject(socket, 401, verdict.reason);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, claims));
  }

  private accept(ws: WebSocket, claims: SessionClaims): void {
    const connection = new Connection(ws, claims, this.config.gateway, this.metrics);
    ws.on('pong', () => {
      connection.awaitingPong = false;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.router.received(connection, toBuffer(data), isBinary).catch((error: unknown) => {
        this.logger.error(`handling a frame failed: ${String(error)}`);
      });
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws closes with 1009 itself when a frame is over maxPayload; count it as ours.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.metrics.closed.inc({ code: '1009' });
    });
    ws.on('close', () => this.router.closed(connection));
    this.router.opened(connection);
  }

  /** A socket that missed the previous pong is dead: terminated without a close handshake. */
  /**
   * Pings every socket and terminates the ones that did not answer the last ping. In slices, so
   * ten thousand sockets do not hold the event loop (and every push behind it) for one long turn.
   */
  private pingAll(): void {
    const connections = [...this.connections.openConnections];
    const pingSlice = (start: number): void => {
      for (const connection of connections.slice(start, start + PING_SLICE)) {
        if (connection.awaitingPong) {
          connection.socket.terminate();
          continue;
        }
        connection.awaitingPong = true;
        connection.socket.ping();
      }
      if (start + PING_SLICE < connections.length) setImmediate(() => pingSlice(start + PING_SLICE));
    };
    pingSlice(0);
  }

  private reject(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
    this.metrics.rejectedHandshakes.inc({ status: String(status) });
    refuse(socket, status, reason);
  }
}

const statusText: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ statusCode: status, message: reason });
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
