import { closeCodes } from '@platform/contracts';
import { MessagingMetrics } from '@platform/messaging';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { onePerRegistry } from '@platform/observability';

/** The gateway's metrics, beside the messaging runtime's, on one registry. */
export class GatewayMetrics {
  readonly messaging: MessagingMetrics;
  readonly connections: Gauge;
  readonly subscriptions: Gauge;
  readonly pushed: Counter<'type'>;
  readonly conflated: Counter;
  readonly historicalPoisonSkipped: Counter;
  readonly closed: Counter<'code'>;
  readonly rejectedHandshakes: Counter<'status'>;
  readonly pushLatency: Histogram;

  private constructor(registry: Registry) {
    const registers = [registry];
    this.messaging = MessagingMetrics.of(registry);
    this.connections = new Gauge({
      name: 'gateway_connections',
      help: 'Open WebSocket connections.',
      registers,
    });
    this.subscriptions = new Gauge({
      name: 'gateway_subscriptions',
      help: 'Active subscriptions.',
      registers,
    });
    this.pushed = new Counter({
      name: 'gateway_messages_pushed_total',
      help: 'Frames handed to sockets, by kind (event, snapshot, ack, error, welcome).',
      labelNames: ['type'],
      registers,
    });
    this.conflated = new Counter({
      name: 'gateway_messages_conflated_total',
      help: 'Unsent seat counts replaced by a newer one for the same module.',
      registers,
    });
    this.historicalPoisonSkipped = new Counter({
      name: 'gateway_session_history_poison_skipped_total',
      help: 'Poison records on session.events re-read at start (dead-lettered when first read live), skipped.',
      registers,
    });
    this.closed = new Counter({
      name: 'gateway_connections_closed_total',
      help: 'Connections the gateway closed, by close code (1013 = a slow client).',
      labelNames: ['code'],
      registers,
    });
    this.rejectedHandshakes = new Counter({
      name: 'gateway_handshakes_rejected_total',
      help: 'Upgrades refused before the WebSocket existed, by HTTP status.',
      labelNames: ['status'],
      registers,
    });
    this.pushLatency = new Histogram({
      name: 'gateway_push_latency_seconds',
      help: "From an event's changedAt to the gateway handing it to the socket.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Every close code and refusal at zero from the start, so their panels read "none yet".
    for (const code of Object.values(closeCodes)) this.closed.inc({ code: String(code) }, 0);
    for (const status of [401, 403, 404]) this.rejectedHandshakes.inc({ status: String(status) }, 0);
  }

  /** One set per registry (prom-client refuses a metric name twice in one). */
  static readonly of = onePerRegistry((registry) => new GatewayMetrics(registry));
}
