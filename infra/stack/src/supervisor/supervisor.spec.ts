import { restartPolicyFromEnv } from './restart-policy';
import type { RestartRecord } from './restart-record';
import { Supervisor, type ChildExit, type SupervisedChild } from './supervisor';

/** A service process that exits when the test says so, or when it gets a signal it obeys. */
class FakeChild implements SupervisedChild {
  readonly identity: { pid: number; startTime: string };
  readonly exited: Promise<ChildExit>;
  readonly signals: string[] = [];
  private resolveExit!: (exit: ChildExit) => void;

  constructor(
    pid: number,
    private readonly drains: boolean,
  ) {
    this.identity = { pid, startTime: String(pid) };
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.drains) this.exit({ exitCode: null, signal });
  }

  exit(exit: ChildExit): void {
    this.resolveExit(exit);
  }

  lastLogLines(count: number): string[] {
    return [`pid ${this.identity.pid} says goodbye`].slice(-count);
  }
}

describe(Supervisor.name, () => {
  const policy = restartPolicyFromEnv({});
  let children: FakeChild[];
  let records: RestartRecord[];
  let drains: boolean;
  const latest = () => records.at(-1)!;
  const child = () => children.at(-1)!;
  const settle = () => jest.advanceTimersByTimeAsync(0);

  function supervisor(): Supervisor {
    return new Supervisor({
      app: 'web',
      supervisorPid: 1,
      policy,
      stopGraceMs: 10_000,
      launch: () => {
        children.push(new FakeChild(100 + children.length, drains));
        return child();
      },
      save: (record) => records.push(record),
      say: () => undefined,
    });
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2030-09-01T09:00:00Z') });
    children = [];
    records = [];
    drains = true;
  });
  afterEach(() => jest.useRealTimers());

  it('starts the service again after the backoff when it exits on its own, even with code 0', async () => {
    supervisor().start();
    await jest.advanceTimersByTimeAsync(5_000);
    child().exit({ exitCode: 0, signal: null });
    await settle();

    expect(latest()).toMatchObject({ state: 'restarting', restarts: 0 });
    expect(latest().exits).toEqual([
      {
        at: '2030-09-01T09:00:05.000Z',
        pid: 100,
        exitCode: 0,
        signal: null,
        ranForMs: 5_000,
        lastLogLines: ['pid 100 says goodbye'],
        restartDelayMs: 1_000,
      },
    ]);

    await jest.advanceTimersByTimeAsync(999);
    expect(children).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(2);
    expect(latest()).toMatchObject({ state: 'running', restarts: 1, child: { pid: 101 } });
  });

  it('records the signal that killed the service', async () => {
    supervisor().start();
    child().exit({ exitCode: null, signal: 'SIGKILL' });
    await settle();

    expect(latest().exits.at(-1)).toMatchObject({ pid: 100, exitCode: null, signal: 'SIGKILL' });
  });

  it('reports a crash loop at the fifth quick exit and restarts no more', async () => {
    supervisor().start();
    for (let exit = 0; exit < 5; exit += 1) {
      child().exit({ exitCode: 1, signal: null });
      await jest.advanceTimersByTimeAsync(30_000);
    }

    expect(latest()).toMatchObject({ state: 'crash-loop', restarts: 4 });
    expect(latest().child).toBeUndefined();
    expect(latest().exits.map((exit) => exit.restartDelayMs)).toEqual([
      1_000,
      2_000,
      4_000,
      8_000,
      undefined,
    ]);
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(children).toHaveLength(5);
  });

  it('stops the service with SIGTERM and does not start it again', async () => {
    const supervised = supervisor();
    supervised.start();

    await supervised.stop();
    await jest.advanceTimersByTimeAsync(60_000);

    expect(child().signals).toEqual(['SIGTERM']);
    expect(children).toHaveLength(1);
    expect(latest()).toMatchObject({ state: 'stopped', restarts: 0, exits: [] });
    expect(latest().child).toBeUndefined();
  });

  it('kills a service that does not drain within the grace', async () => {
    drains = false;
    const supervised = supervisor();
    supervised.start();

    const stopped = supervised.stop();
    await jest.advanceTimersByTimeAsync(9_999);
    expect(child().signals).toEqual(['SIGTERM']);
    await jest.advanceTimersByTimeAsync(1);
    await stopped;

    expect(child().signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(latest().state).toBe('stopped');
  });

  it('cancels a pending restart when stopped during the backoff', async () => {
    const supervised = supervisor();
    supervised.start();
    child().exit({ exitCode: 1, signal: null });
    await settle();

    await supervised.stop();
    await jest.advanceTimersByTimeAsync(60_000);

    expect(children).toHaveLength(1);
    expect(latest().state).toBe('stopped');
  });
});
