import type { SubscriptionChannel } from '@platform/contracts';
import { createRealtimeClient, type RealtimeClient } from '@platform/realtime-client';

/**
 * A student's live connection to notification-gateway through the same client the student page
 * uses (Node's own WebSocket), subscribed to `channels`; its store holds what the page would show.
 */
export function connectLiveClient(
  gatewayHttpUrl: string,
  token: string,
  channels: SubscriptionChannel[],
): RealtimeClient {
  const client = createRealtimeClient({ url: `${gatewayHttpUrl.replace(/^http/, 'ws')}/ws`, token });
  for (const channel of channels) client.subscribe(channel);
  client.connect();
  return client;
}
