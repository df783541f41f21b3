import {
  decideAfterExit,
  freshHistory,
  restartPolicyFromEnv,
  type RestartDecision,
  type RestartPolicy,
} from './restart-policy';

const policy: RestartPolicy = restartPolicyFromEnv({});
const patient: RestartPolicy = { ...policy, crashLoopExits: 100 };

/**
 * Plays a child's life on a fake clock: each run lasts the given time, then the child exits and
 * the clock moves on by the decided backoff, until the runs are used up or the policy gives up.
 */
function play(runsMs: number[], using: RestartPolicy = policy): RestartDecision[] {
  let now = 1_700_000_000_000;
  let history = freshHistory;
  const decisions: RestartDecision[] = [];
  for (const runMs of runsMs) {
    const startedAt = now;
    now += runMs;
    const next = decideAfterExit(using, history, { startedAt, exitedAt: now });
    decisions.push(next.decision);
    history = next.history;
    if (next.decision.action === 'give-up') break;
    now += next.decision.delayMs;
  }
  return decisions;
}

const delays = (decisions: RestartDecision[]) =>
  decisions.map((decision) => (decision.action === 'restart' ? decision.delayMs : decision.action));

describe(decideAfterExit.name, () => {
  it('waits 1 s before the first restart and doubles the wait up to 30 s', () => {
    expect(delays(play(Array(8).fill(100), patient))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('starts again from 1 s after a run of 60 s, not after a shorter one', () => {
    expect(delays(play([100, 100, 100, 60_000, 100], patient))).toEqual([1_000, 2_000, 4_000, 1_000, 2_000]);
    expect(delays(play([100, 100, 100, 59_999], patient))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('gives up at the fifth unexpected exit within 2 minutes', () => {
    const decisions = play(Array(10).fill(500));

    expect(delays(decisions)).toEqual([1_000, 2_000, 4_000, 8_000, 'give-up']);
    expect(decisions.at(-1)).toEqual({ action: 'give-up', exitsInWindow: 5 });
  });

  it('restarts forever a service whose exits are further apart than the window allows', () => {
    const decisions = play(Array(50).fill(61_000));

    expect(decisions).toHaveLength(50);
    expect(decisions.every((decision) => decision.action === 'restart' && decision.delayMs === 1_000)).toBe(
      true,
    );
  });

  it("counts a stable run's exit towards a crash loop too", () => {
    expect(delays(play([100, 100, 100, 60_000, 100]))).toEqual([1_000, 2_000, 4_000, 1_000, 'give-up']);
  });

  it('counts only the exits inside the window', () => {
    // Runs of 30 s: the fifth exit comes 4 × 30 s plus the backoffs after the first, outside 2 min.
    expect(delays(play([30_000, 30_000, 30_000, 30_000, 30_000, 30_000]))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
    ]);
  });
});

describe(restartPolicyFromEnv.name, () => {
  it('defaults to 1 s doubling to 30 s, stable after 60 s, a loop at 5 exits in 2 minutes', () => {
    expect(restartPolicyFromEnv({})).toEqual({
      backoffMs: 1_000,
      backoffMaxMs: 30_000,
      stableRunMs: 60_000,
      crashLoopExits: 5,
      crashLoopWindowMs: 120_000,
    });
  });

  it('reads every knob from the environment', () => {
    expect(
      restartPolicyFromEnv({
        SERVICES_RESTART_BACKOFF_MS: '200',
        SERVICES_RESTART_BACKOFF_MAX_MS: '800',
        SERVICES_RESTART_STABLE_MS: '5000',
        SERVICES_CRASH_LOOP_EXITS: '3',
        SERVICES_CRASH_LOOP_WINDOW_MS: '10000',
      }),
    ).toEqual({
      backoffMs: 200,
      backoffMaxMs: 800,
      stableRunMs: 5_000,
      crashLoopExits: 3,
      crashLoopWindowMs: 10_000,
    });
  });

  it('names every bad setting in one error', () => {
    expect(() =>
      restartPolicyFromEnv({ SERVICES_RESTART_BACKOFF_MS: 'soon', SERVICES_CRASH_LOOP_EXITS: '0' }),
    ).toThrow(/SERVICES_RESTART_BACKOFF_MS[\s\S]*SERVICES_CRASH_LOOP_EXITS/);
  });
});
