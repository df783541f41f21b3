import type { ClientMessage, ServerMessage } from '@platform/contracts';
import type { WebSocketLike } from '../connection/websocket.port';

type Listener = (event: never) => void;

/** An in-memory WebSocket the spec drives by hand: open it, push frames, close it. */
export class FakeWebSocket implements WebSocketLike {
  static readonly instances: FakeWebSocket[] = [];

  readyState = 0;
  protocol = '';
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeWebSocket.instances.push(this);
  }

  static reset(): void {
    FakeWebSocket.instances.length = 0;
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (socket === undefined) throw new Error('no socket was created');
    return socket;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** What the client sent, parsed. */
  messages(): ClientMessage[] {
    return this.sent.map((data) => JSON.parse(data) as ClientMessage);
  }

  serverOpens(): void {
    this.readyState = 1;
    this.protocol = 'course-platform.v1';
    this.emit('open', {});
  }

  serverSends(frame: ServerMessage | string | ArrayBuffer): void {
    this.emit('message', {
      data: typeof frame === 'string' || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame),
    });
  }

  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.emit('close', { code, reason });
  }

  private emit(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: object) => void)(event);
  }
}
