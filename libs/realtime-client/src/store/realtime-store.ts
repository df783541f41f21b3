import type { RealtimeState } from './realtime-state';
import { emptyState } from './realtime-state';

export type Selector<T> = (state: RealtimeState) => T;

/** The read side handed to views. */
export interface RealtimeStore {
  getState(): RealtimeState;
  /**
   * Calls `listener` after an update only when `selector` returns a different reference than
   * before, so a view re-renders only when its slice changed. Returns the unsubscribe function.
   */
  subscribe<T>(selector: Selector<T>, listener: (slice: T, previous: T) => void): () => void;
}

/** The store plus the one way to change it, kept by the client. */
export interface WritableRealtimeStore extends RealtimeStore {
  setState(next: RealtimeState): void;
}

interface SliceSubscription {
  readonly selector: Selector<unknown>;
  readonly listener: (slice: unknown, previous: unknown) => void;
  last: unknown;
}

export function createRealtimeStore(initial: RealtimeState = emptyState): WritableRealtimeStore {
  let state = initial;
  const subscriptions = new Set<SliceSubscription>();

  return {
    getState: () => state,
    subscribe<T>(selector: Selector<T>, listener: (slice: T, previous: T) => void): () => void {
      const subscription: SliceSubscription = {
        selector,
        listener: listener as SliceSubscription['listener'],
        last: selector(state),
      };
      subscriptions.add(subscription);
      return () => {
        subscriptions.delete(subscription);
      };
    },
    setState(next: RealtimeState): void {
      if (next === state) return;
      state = next;
      for (const subscription of [...subscriptions]) {
        if (!subscriptions.has(subscription)) continue;
        const slice = subscription.selector(state);
        if (Object.is(slice, subscription.last)) continue;
        const previous = subscription.last;
        subscription.last = slice;
        try {
          subscription.listener(slice, previous);
        } catch (error) {
          // One failing view must not stop the others nor the connection that delivered the update.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
