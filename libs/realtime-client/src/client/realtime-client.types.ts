import type { SubscriptionChannel, SubscriptionFilter, WsErrorCode } from '@platform/contracts';
import type { NetworkStatus } from '../connection/network.status';
import type { ReconnectOptions } from '../connection/reconnect.backoff';
import type { WebSocketConstructor } from '../connection/websocket.port';
import type { RealtimeStore } from '../store/realtime-store';

export interface RealtimeClientOptions {
  /** The gateway's WebSocket address, e.g. `ws://localhost:3006/ws`. */
  readonly url: string;
  /** The session token, read again on every (re)connect so a refreshed one is picked up. */
  readonly token: string | (() => string | Promise<string>);
  /** Defaults to `globalThis.WebSocket` (browsers, Node 22+). */
  readonly WebSocket?: WebSocketConstructor;
  readonly reconnect?: ReconnectOptions;
  /** Defaults to `navigator.onLine` and the window's online/offline events where they exist. */
  readonly network?: NetworkStatus;
}

/**
 * `offline`: the browser reports no network, so the client waits for it instead of retrying;
 * `closed`: `close()` was called or the gateway closed with a terminal code.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export interface SubscribeOptions {
  /** Applied by the gateway; with several `subscribe` calls for one channel, the first one's filter holds. */
  readonly filter?: SubscriptionFilter;
}

/** The gateway's error codes, plus `TOKEN_UNAVAILABLE` when the token function failed. */
export type RealtimeErrorCode = WsErrorCode | 'TOKEN_UNAVAILABLE';

export interface RealtimeError {
  readonly code: RealtimeErrorCode;
  readonly message: string;
  /** The request that failed, when the error answers one. */
  readonly op?: 'subscribe' | 'unsubscribe' | 'refresh';
  readonly channel?: SubscriptionChannel;
}

/** An error answering `refreshToken`, or the connection closing before the answer came. */
export class RealtimeRequestError extends Error {
  constructor(
    readonly code: WsErrorCode | 'CONNECTION_CLOSED',
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeRequestError';
  }
}

export interface CloseDetails {
  /** False after a terminal close code: the client stopped and stays `closed`. */
  readonly reconnecting: boolean;
}

/** What the gateway said about this connection's session in its `welcome`. */
export interface SessionInfo {
  readonly connectionId: string;
  readonly studentId: string;
  readonly expiresAt: string;
}

export interface RealtimeClientStats {
  /** Frames that were not JSON, not a known server message, or carried an invalid event payload. */
  readonly malformedFrames: number;
  /** Events at or below the position already applied for their channel. */
  readonly duplicateEvents: number;
  /** Entity updates with a lower `version` than the view held. */
  readonly staleUpdates: number;
  readonly reconnectAttempts: number;
}

export interface RealtimeClient {
  /** Starts connecting; does nothing unless `idle` or `closed`. */
  connect(): void;
  /** Closes the connection and stops reconnecting; the store keeps its state. */
  close(): void;
  /**
   * Subscribes now, or as soon as the connection opens, and again with resume positions after
   * every reconnect. Returns the unsubscribe function. A rejected subscription is dropped and
   * reported to `onError` listeners. Throws a TypeError for a malformed channel or filter.
   */
  subscribe(channel: SubscriptionChannel, options?: SubscribeOptions): () => void;
  /**
   * Hands the gateway a fresh token in band, keeping the connection and its subscriptions.
   * Resolves on the gateway's ack (or at once when not connected: the next connection reads
   * `token()`); rejects with a RealtimeRequestError.
   */
  refreshToken(token: string): Promise<void>;
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Every close the client did not ask for; 4001/4002 mean sign in again. */
  onClose(listener: (code: number, reason: string, details: CloseDetails) => void): () => void;
  onError(listener: (error: RealtimeError) => void): () => void;
  /** The current connection's `welcome`, if it came. */
  session(): SessionInfo | undefined;
  stats(): RealtimeClientStats;
  readonly store: RealtimeStore;
}
