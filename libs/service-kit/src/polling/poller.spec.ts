import { Logger } from '@nestjs/common';
import { Poller } from './poller';

describe(Poller.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs a round, waits the interval after it ends, and runs at once when more is due', async () => {
    const results = [true, false, false];
    const startedAt: number[] = [];
    const poller = new Poller({
      name: 'test',
      intervalMs: 1000,
      round: async () => {
        startedAt.push(Date.now());
        return results.shift();
      },
    });
    const t0 = Date.now();
    poller.start();
    await jest.advanceTimersByTimeAsync(1500);
    await poller.stop();
    // The first round starts at once; a zero timeout runs after 1 ms.
    expect(startedAt.map((at) => at - t0)).toEqual([0, 1, 1001]);
  });

  it('keeps going through failures and logs an outage when it starts, while it lasts and when it ends', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const logs = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    let failing = true;
    let rounds = 0;
    const poller = new Poller({
      name: 'test',
      intervalMs: 100,
      repeatFailureLogMs: 1000,
      round: async () => {
        rounds += 1;
        if (failing) throw new Error('connect ECONNREFUSED');
      },
    });
    poller.start();
    await jest.advanceTimersByTimeAsync(2050);
    expect(rounds).toBe(21);
    expect(errors.mock.calls.map(([message]) => message)).toEqual([
      'round failed: connect ECONNREFUSED',
      'still failing for 1 s: connect ECONNREFUSED',
      'still failing for 2 s: connect ECONNREFUSED',
    ]);
    failing = false;
    await jest.advanceTimersByTimeAsync(100);
    expect(logs).toHaveBeenCalledWith('recovered after 2 s of failures');
    await poller.stop();
  });

  it('stop waits for the running round and schedules no other', async () => {
    let release!: () => void;
    let rounds = 0;
    const poller = new Poller({
      name: 'test',
      intervalMs: 10,
      round: () => {
        rounds += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    poller.start();
    await jest.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await jest.advanceTimersByTimeAsync(100);
    expect(rounds).toBe(1);
  });
});
