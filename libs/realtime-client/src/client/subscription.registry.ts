import type {
  SourceChannel,
  StreamPosition,
  SubscriptionChannel,
  SubscriptionFilter,
} from '@platform/contracts';

export interface SubscriptionEntry {
  readonly channel: SubscriptionChannel;
  readonly filter: SubscriptionFilter | undefined;
  holders: number;
}

/** The subscriptions the application wants, shared by every caller naming the same channel. */
export class SubscriptionRegistry {
  private readonly entries = new Map<SubscriptionChannel, SubscriptionEntry>();

  /** Returns the entry when this is the channel's first holder (it must be sent), else undefined. */
  hold(channel: SubscriptionChannel, filter: SubscriptionFilter | undefined): SubscriptionEntry | undefined {
    const held = this.entries.get(channel);
    if (held !== undefined) {
      held.holders += 1;
      return undefined;
    }
    const entry: SubscriptionEntry = { channel, filter, holders: 1 };
    this.entries.set(channel, entry);
    return entry;
  }

  /** Returns true when the entry's last holder let go (the gateway must be told). */
  release(entry: SubscriptionEntry): boolean {
    if (this.entries.get(entry.channel) !== entry) return false;
    entry.holders -= 1;
    if (entry.holders > 0) return false;
    this.entries.delete(entry.channel);
    return true;
  }

  /** Forgets a subscription the gateway refused, whoever holds it. */
  drop(channel: SubscriptionChannel): void {
    this.entries.delete(channel);
  }

  current(channel: SubscriptionChannel): SubscriptionEntry | undefined {
    return this.entries.get(channel);
  }

  all(): SubscriptionEntry[] {
    return [...this.entries.values()];
  }
}

/**
 * Past this many source channels a resume would not fit in one frame the gateway accepts (16 KiB
 * by default); a snapshot of the whole subscription is then the cheaper way back anyway.
 */
export const MAX_RESUME_POSITIONS = 150;

/**
 * The applied positions of the source channels a subscription covers, to send as its `resume`;
 * undefined (the gateway then sends snapshots) when there are none or too many.
 */
export function resumePositions(
  channel: SubscriptionChannel,
  positions: Readonly<Record<SourceChannel, StreamPosition>>,
): Record<SourceChannel, StreamPosition> | undefined {
  const covers = coverage(channel);
  const resume: Record<SourceChannel, StreamPosition> = {};
  for (const [source, position] of Object.entries(positions)) {
    if (covers(source)) resume[source] = { epoch: position.epoch, offset: position.offset };
  }
  const count = Object.keys(resume).length;
  return count === 0 || count > MAX_RESUME_POSITIONS ? undefined : resume;
}

function coverage(channel: SubscriptionChannel): (source: SourceChannel) => boolean {
  if (channel === 'registrations:me') return (source) => source.startsWith('student:');
  if (channel === 'modules') return (source) => source.startsWith('module:');
  const pattern = channel.slice('modules:'.length);
  const ids = new RegExp(`^module:${pattern.replace(/[.-]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (source) => ids.test(source);
}
