import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PROTOCOL, clientMessage, type ClientMessage, type ServerMessage } from '@platform/contracts';

/** One client connection as the scripted gateway sees it. */
export class GatewayConnection {
  readonly received: ClientMessage[] = [];
  private readonly waiters: {
    match: (message: ClientMessage) => boolean;
    resolve: (m: ClientMessage) => void;
  }[] = [];

  constructor(
    readonly socket: WebSocket,
    /** The token offered as the `bearer.<token>` subprotocol. */
    readonly token: string | undefined,
    readonly protocols: readonly string[],
  ) {
    socket.on('message', (data, isBinary) => {
      const parsed = clientMessage.safeParse(isBinary ? undefined : JSON.parse(data.toString()));
      if (!parsed.success) {
        socket.close(1008, 'bad frame');
        return;
      }
      this.received.push(parsed.data);
      for (const waiter of [...this.waiters]) {
        if (!waiter.match(parsed.data)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(parsed.data);
      }
    });
  }

  /** The first message (already received or still to come) of this op. */
  next<Op extends ClientMessage['op']>(
    op: Op,
    match: (message: Extract<ClientMessage, { op: Op }>) => boolean = () => true,
  ): Promise<Extract<ClientMessage, { op: Op }>> {
    const accepts = (message: ClientMessage): message is Extract<ClientMessage, { op: Op }> =>
      message.op === op && match(message as Extract<ClientMessage, { op: Op }>);
    const already = this.received.find(accepts);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve) =>
      this.waiters.push({ match: accepts, resolve: resolve as (message: ClientMessage) => void }),
    );
  }

  send(frame: ServerMessage | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close(code: number, reason = ''): void {
    this.socket.close(code, reason);
  }

  /** Drops the TCP connection without a close frame, as a crashed gateway or a lost network would. */
  drop(): void {
    this.socket.terminate();
  }
}

/** A scripted stand-in for notification-gateway on a loopback port (Node only, for specs). */
export class FakeGateway {
  readonly connections: GatewayConnection[] = [];
  private readonly waiters: (() => void)[] = [];
  private handedOut = 0;

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket, request) => {
      const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      const bearer = protocols.find((protocol) => protocol.startsWith('bearer.'));
      const connection = new GatewayConnection(socket, bearer?.slice('bearer.'.length), protocols);
      this.connections.push(connection);
      for (const check of this.waiters.splice(0)) check();
    });
  }

  static async start(): Promise<FakeGateway> {
    return FakeGateway.listen(0);
  }

  /** On the port of `url`: the same gateway back after a restart. */
  static async startOn(url: string): Promise<FakeGateway> {
    return FakeGateway.listen(Number(new URL(url).port));
  }

  private static async listen(port: number): Promise<FakeGateway> {
    const server = new WebSocketServer({
      port,
      host: '127.0.0.1',
      path: '/ws',
      handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FakeGateway(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/ws`;
  }

  /** The next connection not yet handed out by this method. */
  nextConnection(): Promise<GatewayConnection> {
    const index = this.handedOut;
    this.handedOut += 1;
    return new Promise((resolve) => {
      const check = (): void => {
        const connection = this.connections[index];
        if (connection === undefined) this.waiters.push(check);
        else resolve(connection);
      };
      check();
    });
  }

  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
