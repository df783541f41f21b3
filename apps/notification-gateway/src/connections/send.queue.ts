/** A frame waiting to be sent; frames of one conflation key replace each other while unsent. */
export type FrameKind = 'welcome' | 'ack' | 'error' | 'event' | 'snapshot';

export interface Outgoing {
  kind: FrameKind;
  /** A JSON text frame; a Buffer when one encoding is shared by many sockets (fan-out). */
  frame: string | Buffer;
  /** Seat counts of one module for one subscription: only the latest matters. Unset: never dropped. */
  conflationKey?: string;
  /** When the change happened, for the push latency. */
  changedAtMs?: number;
  /**
   * Snapshots go in past the limit: there is one per module of the read model and subscription,
   * bounded by the data rather than by how fast the client reads.
   */
  beyondLimit?: boolean;
}

export type PushOutcome = 'queued' | 'conflated' | 'full';

interface Slot {
  item: Outgoing;
}

/**
 * The bounded queue of one connection's unsent frames. A frame with a conflation key replaces
 * the unsent one of the same key in place (it keeps the older one's turn); a queue at its limit
 * takes no new entry, and the caller decides what a full queue means.
 */
export class SendQueue {
  private readonly slots: Slot[] = [];
  private readonly byKey = new Map<string, Slot>();

  constructor(private readonly limit: number) {}

  get length(): number {
    return this.slots.length;
  }

  get isFull(): boolean {
    return this.slots.length >= this.limit;
  }

  push(item: Outgoing): PushOutcome {
    const key = item.conflationKey;
    const existing = key === undefined ? undefined : this.byKey.get(key);
    if (existing) {
      existing.item = item;
      return 'conflated';
    }
    if (this.isFull && !item.beyondLimit) return 'full';
    const slot: Slot = { item };
    this.slots.push(slot);
    if (key !== undefined) this.byKey.set(key, slot);
    return 'queued';
  }

  shift(): Outgoing | undefined {
    const slot = this.slots.shift();
    if (!slot) return undefined;
    const key = slot.item.conflationKey;
    if (key !== undefined && this.byKey.get(key) === slot) this.byKey.delete(key);
    return slot.item;
  }

  clear(): void {
    this.slots.length = 0;
    this.byKey.clear();
  }
}
