import { parseSourceChannel } from './channel.matcher';
import type { Subscription } from './subscription';

/**
 * Finds the subscriptions an event's source channel reaches without looking at every connection:
 * exact modules and students by id, and the few wide ones (all modules, patterns) by scan.
 */
export class SubscriptionIndex {
  private readonly byModule = new Map<string, Set<Subscription>>();
  private readonly byStudent = new Map<string, Set<Subscription>>();
  private readonly wide = new Set<Subscription>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(subscription: Subscription): void {
    const { scope } = subscription;
    if (scope.kind === 'module') addTo(this.byModule, scope.moduleId, subscription);
    else if (scope.kind === 'student') addTo(this.byStudent, scope.studentId, subscription);
    else this.wide.add(subscription);
    this.count += 1;
  }

  remove(subscription: Subscription): void {
    const { scope } = subscription;
    const removed =
      scope.kind === 'module'
        ? removeFrom(this.byModule, scope.moduleId, subscription)
        : scope.kind === 'student'
          ? removeFrom(this.byStudent, scope.studentId, subscription)
          : this.wide.delete(subscription);
    if (removed) this.count -= 1;
  }

  *matching(channel: string): Iterable<Subscription> {
    const source = parseSourceChannel(channel);
    if (!source) return;
    if (source.kind === 'student') {
      yield* this.byStudent.get(source.id) ?? [];
      return;
    }
    yield* this.byModule.get(source.id) ?? [];
    for (const subscription of this.wide) {
      if (subscription.scope.kind === 'all-modules') yield subscription;
      else if (subscription.scope.kind === 'module-pattern' && subscription.scope.pattern.test(source.id))
        yield subscription;
    }
  }
}

function addTo(map: Map<string, Set<Subscription>>, key: string, subscription: Subscription): void {
  const set = map.get(key);
  if (set) set.add(subscription);
  else map.set(key, new Set([subscription]));
}

function removeFrom(map: Map<string, Set<Subscription>>, key: string, subscription: Subscription): boolean {
  const set = map.get(key);
  const removed = set?.delete(subscription) ?? false;
  if (set && set.size === 0) map.delete(key);
  return removed;
}
