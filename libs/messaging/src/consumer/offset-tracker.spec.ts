import { OffsetTracker } from './offset-tracker';

function trackerWith(offsets: number[]): OffsetTracker {
  const tracker = new OffsetTracker();
  for (const offset of offsets) tracker.receive(String(offset));
  return tracker;
}

describe(OffsetTracker.name, () => {
  it('offers nothing to commit before the first message is done', () => {
    const tracker = trackerWith([5, 6]);
    tracker.complete('6');
    expect(tracker.pendingCommit()).toBeUndefined();
  });

  it('commits just past the last done offset with nothing unfinished before it', () => {
    const tracker = trackerWith([5, 6, 7, 8]);
    tracker.complete('5');
    tracker.complete('7');
    expect(tracker.pendingCommit()).toBe('6');
    tracker.complete('6');
    expect(tracker.pendingCommit()).toBe('8');
  });

  it('treats offsets as contiguous when Kafka left gaps between them', () => {
    const tracker = trackerWith([10, 13, 20]);
    tracker.complete('13');
    tracker.complete('10');
    expect(tracker.pendingCommit()).toBe('14');
  });

  it('offers an offset once, and never one at or below what was committed', () => {
    const tracker = trackerWith([0, 1]);
    tracker.complete('0');
    tracker.markCommitted('1');
    expect(tracker.pendingCommit()).toBeUndefined();
    tracker.complete('1');
    expect(tracker.pendingCommit()).toBe('2');
    tracker.markCommitted('2');
    tracker.markCommitted('1');
    expect(tracker.pendingCommit()).toBeUndefined();
  });

  it('refuses offsets at or before one already received, and completions of unknown offsets', () => {
    const tracker = trackerWith([3, 4]);
    expect(tracker.receive('4')).toBe(false);
    expect(tracker.receive('2')).toBe(false);
    expect(tracker.complete('9')).toBe(false);
    expect(tracker.complete('3')).toBe(true);
    expect(tracker.complete('3')).toBe(false);
  });

  it('counts buffered messages until the commit point passes them', () => {
    const tracker = trackerWith([0, 1, 2]);
    tracker.complete('1');
    expect(tracker.buffered).toBe(3);
    expect(tracker.unfinished).toBe(2);
    tracker.complete('0');
    expect(tracker.buffered).toBe(1);
    expect(tracker.unfinished).toBe(1);
  });

  it('handles offsets beyond 2^53', () => {
    const tracker = trackerWith([]);
    tracker.receive('9007199254740993');
    tracker.complete('9007199254740993');
    expect(tracker.pendingCommit()).toBe('9007199254740994');
  });
});
