import { SendQueue } from './send.queue';

describe(SendQueue.name, () => {
  it('sends in order and replaces an unsent seat count of the same key in place', () => {
    const queue = new SendQueue(10);
    expect(queue.push({ kind: 'event', frame: 'a1', conflationKey: 'a' })).toBe('queued');
    expect(queue.push({ kind: 'event', frame: 'r1' })).toBe('queued');
    expect(queue.push({ kind: 'event', frame: 'a2', conflationKey: 'a' })).toBe('conflated');
    expect(queue.push({ kind: 'event', frame: 'b1', conflationKey: 'b' })).toBe('queued');
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()].map((item) => item?.frame)).toEqual([
      'a2',
      'r1',
      'b1',
      undefined,
    ]);
  });

  it('queues a key again once its frame was sent', () => {
    const queue = new SendQueue(10);
    queue.push({ kind: 'event', frame: 'a1', conflationKey: 'a' });
    queue.shift();
    expect(queue.push({ kind: 'event', frame: 'a2', conflationKey: 'a' })).toBe('queued');
    expect(queue.length).toBe(1);
  });

  it('never holds more than its limit but still conflates when full', () => {
    const queue = new SendQueue(2);
    queue.push({ kind: 'event', frame: 'a1', conflationKey: 'a' });
    queue.push({ kind: 'event', frame: 'r1' });
    expect(queue.push({ kind: 'event', frame: 'r2' })).toBe('full');
    expect(queue.push({ kind: 'event', frame: 'b1', conflationKey: 'b' })).toBe('full');
    expect(queue.push({ kind: 'event', frame: 'a2', conflationKey: 'a' })).toBe('conflated');
    expect(queue.length).toBe(2);
    expect(queue.shift()?.frame).toBe('a2');
  });

  it('takes a snapshot past the limit', () => {
    const queue = new SendQueue(1);
    queue.push({ kind: 'event', frame: 'r1' });
    expect(queue.push({ kind: 'snapshot', frame: 's1', conflationKey: 's', beyondLimit: true })).toBe(
      'queued',
    );
    expect(queue.length).toBe(2);
  });
});
