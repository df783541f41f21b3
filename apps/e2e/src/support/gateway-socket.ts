import { WS_PROTOCOL, type ClientMessage, type ServerMessage } from '@platform/contracts';
import { eventually } from '@platform/testing';
import WebSocket from 'ws';

/** A student's WebSocket to notification-gateway, in the gateway's own protocol, keeping every frame. */
export class GatewaySocket {
  readonly received: ServerMessage[] = [];
  private requests = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw: Buffer) =>
      this.received.push(JSON.parse(raw.toString('utf8')) as ServerMessage),
    );
  }

  /** Connects with the session token as subprotocol and waits for the `welcome` frame. */
  static async open(gatewayHttpUrl: string, token: string): Promise<GatewaySocket> {
    const url = `${gatewayHttpUrl.replace(/^http/, 'ws')}/ws`;
    const socket = new GatewaySocket(new WebSocket(url, [WS_PROTOCOL, `bearer.${token}`]));
    await eventually(`the gateway's welcome on ${url}`, () =>
      socket.received.some((message) => message.type === 'welcome'),
    );
    return socket;
  }

  /** Subscribes and waits for the gateway's `ack`. */
  async subscribe(channel: string): Promise<void> {
    this.requests += 1;
    const request: ClientMessage = { op: 'subscribe', id: `subscribe-${this.requests}`, channel };
    this.socket.send(JSON.stringify(request));
    await eventually(`the ack of subscribing to ${channel}`, () =>
      this.received.some((message) => message.type === 'ack' && message.id === request.id),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }
}
