import type { ConsumerObserver } from '../consumer/consumer-observer';

/** One observer that tells each of several observers every event. */
export function composeObservers(...observers: ConsumerObserver[]): ConsumerObserver {
  const composed: ConsumerObserver = {};
  const events = new Set(observers.flatMap((observer) => Object.keys(observer))) as Set<
    keyof ConsumerObserver
  >;
  for (const event of events) {
    composed[event] = ((payload: never) => {
      for (const observer of observers) (observer[event] as ((p: never) => void) | undefined)?.(payload);
    }) as never;
  }
  return composed;
}
