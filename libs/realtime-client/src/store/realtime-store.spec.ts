import { moduleSnapshot, registrationEvent, seat, seatEvent } from '../support/realtime-frames';
import { applyEvent, applySnapshot, emptyReplica, type Replica } from './realtime-state.reducer';
import { selectModule, selectModules, selectMyRegistrations } from './realtime-state.selectors';
import { createRealtimeStore } from './realtime-store';

function withModules(): Replica {
  let replica = applySnapshot(
    emptyReplica,
    moduleSnapshot('MA201', { offset: 1 }, [seat('MA201', 8, 1)]),
  ).replica;
  replica = applySnapshot(replica, moduleSnapshot('CS101', { offset: 1 }, [seat('CS101', 5, 1)])).replica;
  return replica;
}

function seatChange(replica: Replica, moduleId: string, offset: number, available: number): Replica {
  const built = seatEvent(moduleId, { offset }, available, offset);
  return applyEvent(replica, built.frame, built.update).replica;
}

function registrationChange(replica: Replica, offset: number): Replica {
  const built = registrationEvent('s1', { offset }, 'r1', 'PENDING', offset);
  return applyEvent(replica, built.frame, built.update).replica;
}

describe('realtime selectors', () => {
  it('selectModules sorts by module id and returns the same array until a seat view changes', () => {
    const replica = withModules();
    const modules = selectModules(replica.state);
    expect(modules.map((module) => module.moduleId)).toEqual(['CS101', 'MA201']);

    const afterRegistration = registrationChange(replica, 1);
    expect(selectModules(afterRegistration.state)).toBe(modules);

    const afterSeat = seatChange(afterRegistration, 'CS101', 2, 4);
    const recomputed = selectModules(afterSeat.state);
    expect(recomputed).not.toBe(modules);
    expect(recomputed[0]?.available).toBe(4);
    expect(recomputed[1]).toBe(modules[1]);
  });

  it('selectModule returns the entity itself, unchanged in identity while it does not change', () => {
    const replica = withModules();
    const next = seatChange(replica, 'CS101', 2, 4);
    expect(selectModule('MA201')(next.state)).toBe(selectModule('MA201')(replica.state));
    expect(selectModule('CS101')(next.state)?.available).toBe(4);
    expect(selectModule('NOPE')(next.state)).toBeUndefined();
  });

  it('selectMyRegistrations is memoized on the registrations', () => {
    const replica = registrationChange(withModules(), 1);
    const mine = selectMyRegistrations(replica.state);
    expect(mine).toEqual([{ registrationId: 'r1', moduleId: 'CS101', status: 'PENDING', version: 1 }]);
    expect(selectMyRegistrations(seatChange(replica, 'CS101', 2, 4).state)).toBe(mine);
  });
});

describe(createRealtimeStore.name, () => {
  it('calls a slice listener only when its slice changed', () => {
    const store = createRealtimeStore();
    const modules = jest.fn();
    const cs101 = jest.fn();
    const registrations = jest.fn();
    store.subscribe(selectModules, modules);
    store.subscribe(selectModule('CS101'), cs101);
    store.subscribe(selectMyRegistrations, registrations);

    let replica = withModules();
    store.setState(replica.state);
    expect(modules).toHaveBeenCalledTimes(1);
    expect(cs101).toHaveBeenCalledTimes(1);
    expect(registrations).not.toHaveBeenCalled();

    replica = seatChange(replica, 'MA201', 2, 7);
    store.setState(replica.state);
    expect(modules).toHaveBeenCalledTimes(2);
    expect(cs101).toHaveBeenCalledTimes(1);

    const previous = selectMyRegistrations(replica.state);
    replica = registrationChange(replica, 1);
    store.setState(replica.state);
    expect(modules).toHaveBeenCalledTimes(2);
    expect(registrations).toHaveBeenCalledWith(selectMyRegistrations(replica.state), previous);

    replica = seatChange(replica, 'CS101', 3, 4);
    store.setState(replica.state);
    expect(cs101).toHaveBeenLastCalledWith(
      replica.state.seats.byId['CS101'],
      withModules().state.seats.byId['CS101'],
    );
  });

  it('stops calling a listener once unsubscribed, and ignores a state that is the same object', () => {
    const store = createRealtimeStore();
    const listener = jest.fn();
    const unsubscribe = store.subscribe((state) => state.positions, listener);
    const replica = withModules();
    store.setState(replica.state);
    store.setState(replica.state);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.setState(seatChange(replica, 'CS101', 2, 1).state);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState().seats.byId['CS101']?.available).toBe(1);
  });

  it('keeps notifying the other listeners when one throws', async () => {
    const store = createRealtimeStore();
    const failure = new Error('view broke');
    const reported = new Promise<unknown>((resolve) => {
      const original = globalThis.queueMicrotask;
      jest.spyOn(globalThis, 'queueMicrotask').mockImplementationOnce((callback) => {
        original(() => {
          try {
            callback();
          } catch (error) {
            resolve(error);
          }
        });
      });
    });
    const healthy = jest.fn();
    store.subscribe(selectModules, () => {
      throw failure;
    });
    store.subscribe(selectModules, healthy);
    store.setState(withModules().state);
    expect(healthy).toHaveBeenCalledTimes(1);
    await expect(reported).resolves.toBe(failure);
  });
});
