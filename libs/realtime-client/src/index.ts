export { createRealtimeClient } from './client/realtime-client';
export { RealtimeRequestError } from './client/realtime-client.types';
export type {
  CloseDetails,
  ConnectionStatus,
  RealtimeClient,
  RealtimeClientOptions,
  RealtimeClientStats,
  RealtimeError,
  RealtimeErrorCode,
  SessionInfo,
  SubscribeOptions,
} from './client/realtime-client.types';
export type { NetworkStatus } from './connection/network.status';
export type { ReconnectOptions } from './connection/reconnect.backoff';
export type { WebSocketConstructor, WebSocketLike } from './connection/websocket.port';
export type { RealtimeState, RegistrationView, SeatView } from './store/realtime-state';
export type { RealtimeStore, Selector } from './store/realtime-store';
export { selectModule, selectModules, selectMyRegistrations } from './store/realtime-state.selectors';
