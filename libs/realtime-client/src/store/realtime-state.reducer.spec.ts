import {
  moduleRemovedEvent,
  moduleSnapshot,
  registration,
  registrationEvent,
  seat,
  seatEvent,
  studentSnapshot,
} from '../support/realtime-frames';
import { applyEvent, applySnapshot, emptyReplica, type Replica } from './realtime-state.reducer';

function event(replica: Replica, built: ReturnType<typeof seatEvent>): ReturnType<typeof applyEvent> {
  return applyEvent(replica, built.frame, built.update);
}

describe('realtime state reducer', () => {
  describe(applySnapshot.name, () => {
    it('puts the snapshot entities in and records the channel position', () => {
      const { replica, outcome } = applySnapshot(
        emptyReplica,
        moduleSnapshot('CS101', { offset: 7 }, [seat('CS101', 3, 100, 'Algorithms')]),
      );
      expect(outcome).toBe('applied');
      expect(replica.state.seats.byId).toEqual({ CS101: seat('CS101', 3, 100, 'Algorithms') });
      expect(replica.state.positions).toEqual({ 'module:CS101': { epoch: 'e1', offset: '7' } });
      expect(replica.state.registrations).toBe(emptyReplica.state.registrations);
    });

    it("replaces what the channel held: a student's registrations it no longer lists are removed", () => {
      let { replica } = applySnapshot(
        emptyReplica,
        studentSnapshot('s1', { offset: 1 }, [
          registration('r1', 'PENDING', 1),
          registration('r2', 'PENDING', 2),
        ]),
      );
      replica = applySnapshot(
        replica,
        studentSnapshot('s2', { offset: 1 }, [registration('r9', 'PENDING', 3)]),
      ).replica;
      replica = applySnapshot(
        replica,
        studentSnapshot('s1', { offset: 5, epoch: 'e2' }, [registration('r2', 'COMPLETED', 5)]),
      ).replica;

      expect(Object.keys(replica.state.registrations.byId).sort()).toEqual(['r2', 'r9']);
      expect(replica.state.registrations.byId['r2']?.status).toBe('COMPLETED');
      expect(replica.state.positions['student:s1']).toEqual({ epoch: 'e2', offset: '5' });
    });

    it('removes a module the snapshot of its own channel no longer lists', () => {
      const { replica } = applySnapshot(
        emptyReplica,
        moduleSnapshot('CS101', { offset: 1 }, [seat('CS101', 3)]),
      );
      const next = applySnapshot(replica, moduleSnapshot('CS101', { offset: 2 }, [])).replica;
      expect(next.state.seats.byId).toEqual({});
    });

    it('keeps a held entity that is newer than the snapshot view of it', () => {
      const { replica } = applySnapshot(
        emptyReplica,
        moduleSnapshot('CS101', { offset: 9 }, [seat('CS101', 1, 200)]),
      );
      const next = applySnapshot(
        replica,
        moduleSnapshot('CS101', { offset: 3, epoch: 'e2' }, [seat('CS101', 5, 150)]),
      ).replica;
      expect(next.state.seats.byId['CS101']).toBe(replica.state.seats.byId['CS101']);
      expect(next.state.positions['module:CS101']).toEqual({ epoch: 'e2', offset: '3' });
    });

    it('ignores a snapshot older than the position applied in the same epoch', () => {
      const { replica } = applySnapshot(
        emptyReplica,
        moduleSnapshot('CS101', { offset: 9 }, [seat('CS101', 1)]),
      );
      const result = applySnapshot(replica, moduleSnapshot('CS101', { offset: 4 }, [seat('CS101', 6)]));
      expect(result.outcome).toBe('duplicate');
      expect(result.replica).toBe(replica);
    });
  });

  describe(applyEvent.name, () => {
    const snapshot = applySnapshot(
      emptyReplica,
      moduleSnapshot('CS101', { offset: 10 }, [seat('CS101', 5, 100, 'Algorithms')]),
    ).replica;

    it('applies events after the snapshot in order, keeping fields the event does not carry', () => {
      let replica = event(snapshot, seatEvent('CS101', { offset: 11 }, 4, 101)).replica;
      replica = event(replica, seatEvent('CS101', { offset: 12 }, 3, 102)).replica;
      expect(replica.state.seats.byId['CS101']).toEqual(seat('CS101', 3, 102, 'Algorithms'));
      expect(replica.state.positions['module:CS101']).toEqual({ epoch: 'e1', offset: '12' });
    });

    it('drops events at or below the position of the same epoch (already in the snapshot, or redelivered)', () => {
      for (const offset of [3, 10]) {
        const result = event(snapshot, seatEvent('CS101', { offset }, 0, 999));
        expect(result.outcome).toBe('duplicate');
        expect(result.replica).toBe(snapshot);
      }
      const once = event(snapshot, seatEvent('CS101', { offset: 11 }, 4, 101)).replica;
      const twice = event(once, seatEvent('CS101', { offset: 11 }, 4, 101));
      expect(twice.outcome).toBe('duplicate');
      expect(twice.replica).toBe(once);
    });

    it('compares offsets as numbers, not text', () => {
      const at9 = event(emptyReplica, seatEvent('CS101', { offset: 9 }, 4)).replica;
      const at10 = event(at9, seatEvent('CS101', { offset: 10 }, 3));
      expect(at10.outcome).toBe('applied');
      expect(at10.replica.state.seats.byId['CS101']?.available).toBe(3);
    });

    it('applies an event of another epoch even at a lower offset', () => {
      const result = event(snapshot, seatEvent('CS101', { offset: 1, epoch: 'e2' }, 2, 150));
      expect(result.outcome).toBe('applied');
      expect(result.replica.state.positions['module:CS101']).toEqual({ epoch: 'e2', offset: '1' });
    });

    it('skips an update with a lower version than held but still records the position', () => {
      const result = event(snapshot, seatEvent('CS101', { offset: 11 }, 9, 99));
      expect(result.outcome).toBe('stale');
      expect(result.replica.state.seats).toBe(snapshot.state.seats);
      expect(result.replica.state.positions['module:CS101']).toEqual({ epoch: 'e1', offset: '11' });
    });

    it('drops a removed module, unless the removal is older than the view held', () => {
      const removed = event(snapshot, moduleRemovedEvent('CS101', { offset: 11 }, 120));
      expect(removed.outcome).toBe('applied');
      expect(removed.replica.state.seats.byId['CS101']).toBeUndefined();
      expect(removed.replica.state.positions['module:CS101']).toEqual({ epoch: 'e1', offset: '11' });

      const late = event(snapshot, moduleRemovedEvent('CS101', { offset: 11 }, 50));
      expect(late.outcome).toBe('stale');
      expect(late.replica.state.seats.byId['CS101']).toEqual(snapshot.state.seats.byId['CS101']);
    });

    it('keeps the identity of unchanged entities and slices', () => {
      const two = applySnapshot(
        snapshot,
        moduleSnapshot('MA201', { offset: 1 }, [seat('MA201', 8, 50)]),
      ).replica;
      const next = event(two, seatEvent('CS101', { offset: 11 }, 4, 101)).replica;
      expect(next.state.seats.byId['MA201']).toBe(two.state.seats.byId['MA201']);
      expect(next.state.seats.byId['CS101']).not.toBe(two.state.seats.byId['CS101']);
      expect(next.state.registrations).toBe(two.state.registrations);

      const same = event(next, seatEvent('CS101', { offset: 12 }, 4, 101)).replica;
      expect(same.state.seats).toBe(next.state.seats);
      expect(same.state.positions).not.toBe(next.state.positions);
    });

    it('applies registration status changes of the student channel, ordered by version', () => {
      let replica = applyEvent(
        emptyReplica,
        ...pair(registrationEvent('s1', { offset: 1 }, 'r1', 'PENDING', 10)),
      ).replica;
      replica = applyEvent(
        replica,
        ...pair(registrationEvent('s1', { offset: 2 }, 'r1', 'CANCELLED', 12)),
      ).replica;
      const late = applyEvent(
        replica,
        ...pair(registrationEvent('s1', { offset: 3 }, 'r1', 'COMPLETED', 11)),
      );

      expect(late.outcome).toBe('stale');
      expect(late.replica.state.registrations.byId['r1']).toEqual({
        registrationId: 'r1',
        moduleId: 'CS101',
        status: 'CANCELLED',
        reason: 'NO_SEAT',
        version: 12,
      });
    });
  });
});

function pair(built: ReturnType<typeof registrationEvent>): [typeof built.frame, typeof built.update] {
  return [built.frame, built.update];
}
