export type HealthState = 'healthy' | 'unhealthy' | 'stopped';

export interface Health {
  state: HealthState;
  /** What a person needs to know: where it listens, or what is wrong. */
  detail: string;
  pid?: number;
}

/** One piece of the native stack. `start` is idempotent: a healthy component is left alone. */
export interface ListenPort {
  host: string;
  port: number;
  /** The environment variable that moves it. */
  variable: string;
}

export interface Component {
  readonly name: string;
  readonly logFile: string;
  readonly ports: ListenPort[];
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<Health>;
  /** Processes of this component still alive (must be none after stop). */
  leftovers(): number[];
  /** Folders holding this component's data, removed by `reset`. */
  dataDirs(): string[];
}
