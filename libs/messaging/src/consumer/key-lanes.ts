/**
 * The lane of a message key within one partition. Messages without a key share one lane of their own
 * per partition, so they keep their relative order as Kafka delivered them.
 */
export function laneOf(key: Buffer | null): string {
  // latin1 maps each byte to one character, so distinct keys never share a lane.
  return key === null ? 'null' : `key:${key.toString('latin1')}`;
}

/**
 * First-in, first-out queues per lane. The head of a lane is the item being worked on; the next one
 * starts only when the head is finished, so one key's messages run strictly in order while different
 * keys run side by side.
 */
export class KeyLanes<T> {
  private readonly lanes = new Map<string, T[]>();

  /** Queued items that have not started (every lane's items behind its head). */
  get waiting(): number {
    let count = 0;
    for (const queue of this.lanes.values()) count += queue.length - 1;
    return count;
  }

  /** Queues an item; true when its lane was idle, so the caller starts it now. */
  push(lane: string, item: T): boolean {
    const queue = this.lanes.get(lane);
    if (queue) {
      queue.push(item);
      return false;
    }
    this.lanes.set(lane, [item]);
    return true;
  }

  /** Ends the head of a lane; returns the next item, which the caller starts now, if there is one. */
  finishHead(lane: string): T | undefined {
    const queue = this.lanes.get(lane);
    if (!queue) return undefined;
    queue.shift();
    if (queue.length === 0) this.lanes.delete(lane);
    return queue[0];
  }

  /** Forgets every lane; returns how many items had not started. */
  clear(): number {
    const dropped = this.waiting;
    this.lanes.clear();
    return dropped;
  }
}
