import { scopeOf } from './channel.matcher';
import { Subscription, type Subscriber } from './subscription';
import { SubscriptionIndex } from './subscription.index';

const connection = {} as Subscriber;
const subscription = (channel: Parameters<typeof scopeOf>[0], studentId = 's-1') =>
  new Subscription(connection, channel, scopeOf(channel, studentId), undefined);

describe(SubscriptionIndex.name, () => {
  it('finds exact, wide and pattern subscriptions of a module, and only the student’s own', () => {
    const index = new SubscriptionIndex();
    const all = subscription('modules');
    const exact = subscription('modules:CS101');
    const pattern = subscription('modules:CS*');
    const other = subscription('modules:MA*');
    const mine = subscription('registrations:me', 's-1');
    const theirs = subscription('registrations:me', 's-2');
    for (const s of [all, exact, pattern, other, mine, theirs]) index.add(s);

    expect(new Set(index.matching('module:CS101'))).toEqual(new Set([all, exact, pattern]));
    expect([...index.matching('student:s-1')]).toEqual([mine]);
    expect([...index.matching('nonsense')]).toEqual([]);

    index.remove(exact);
    index.remove(exact);
    expect(new Set(index.matching('module:CS101'))).toEqual(new Set([all, pattern]));
    expect(index.size).toBe(5);
  });
});
