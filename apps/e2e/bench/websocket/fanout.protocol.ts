/** What the benchmark driver and its load workers say to each other over the fork IPC channel. */

/** The two servers the benchmark compares. */
export type FanoutTarget = 'gateway' | 'socketio';

export interface ClientPlan {
  token: string;
  /** `modules` or `modules:<id>`. */
  channel: string;
}

export type DriverMessage =
  | {
      kind: 'connect';
      target: FanoutTarget;
      url: string;
      clients: ClientPlan[];
      /** Connection attempts in flight at once in this worker. */
      concurrency: number;
      /** Only events for module ids with this prefix are counted. */
      modulePrefix: string;
    }
  /** Start of the measured window: the worker zeroes its counters and CPU baseline. */
  | { kind: 'measure' }
  | { kind: 'report' }
  | { kind: 'close' };

export interface WorkerReport {
  kind: 'report';
  /** [milliseconds, count] pairs of push latency. */
  latency: [number, number][];
  delivered: number;
  snapshots: number;
  /** Events of other modules: whatever else is on realtime.updates meanwhile (other sessions' load). */
  foreign: number;
  /** Deliveries over 100 ms per second of the window (from `measure`). */
  lateBySecond: Record<number, number>;
  /** Sockets closed by the server during the window, by close code. */
  closes: Record<string, number>;
  cpuMicros: number;
  wallMs: number;
}

export type WorkerMessage =
  | {
      kind: 'connected';
      opened: number;
      failed: number;
      /** Subscribed clients per channel. */
      channels: Record<string, number>;
      /** The first few distinct failure reasons. */
      errors: string[];
    }
  | WorkerReport
  | { kind: 'closed' };
