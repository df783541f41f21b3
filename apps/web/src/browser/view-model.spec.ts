import {
  closeNotice,
  connectionText,
  mergeById,
  mergeEntry,
  moduleRowView,
  orderedRegistrations,
  parseRetryAfter,
  registerNotice,
  registrationRowView,
  seatsLeftText,
  sortedModules,
} from './view-model';

describe('student page view model', () => {
  describe(seatsLeftText.name, () => {
    it('says full at zero, and counts seats otherwise', () => {
      expect(seatsLeftText(0, 30)).toBe('0 seats left (full)');
      expect(seatsLeftText(1, 30)).toBe('1 seat left of 30');
      expect(seatsLeftText(12, 30)).toBe('12 seats left of 30');
    });
  });

  describe(moduleRowView.name, () => {
    it('maps seats to a row, with no title when it is missing or just the id', () => {
      expect(moduleRowView({ moduleId: 'CS101', title: 'CS101', capacity: 2, available: 0 }).title).toBe('');
      expect(moduleRowView({ moduleId: 'CS101', capacity: 2, available: 0 })).toEqual({
        moduleId: 'CS101',
        title: '',
        seatsText: '0 seats left (full)',
        available: 0,
        full: true,
      });
      expect(
        moduleRowView({ moduleId: 'CS101', title: 'Algorithms', capacity: 2, available: 2 }),
      ).toMatchObject({
        title: 'Algorithms',
        full: false,
      });
    });
  });

  describe(registrationRowView.name, () => {
    const base = { registrationId: 'r1', moduleId: 'CS101' };

    it('words every status and cancellation reason', () => {
      expect(registrationRowView({ ...base, status: 'PENDING' }).statusText).toBe('Pending');
      expect(registrationRowView({ ...base, status: 'COMPLETED' }).statusText).toBe('Registered');
      expect(registrationRowView({ ...base, status: 'CANCELLED', reason: 'NO_SEAT' }).statusText).toBe(
        'Cancelled: no seat was left',
      );
      expect(registrationRowView({ ...base, status: 'CANCELLED', reason: 'PAYMENT_FAILED' }).statusText).toBe(
        'Cancelled: the payment failed',
      );
      expect(registrationRowView({ ...base, status: 'CANCELLED' }).statusText).toBe('Cancelled');
    });
  });

  describe(connectionText.name, () => {
    it('names three states', () => {
      expect(connectionText('connected')).toBe('connected');
      expect(connectionText('connecting')).toBe('reconnecting');
      expect(connectionText('reconnecting')).toBe('reconnecting');
      expect(connectionText('offline')).toBe('offline');
      expect(connectionText('idle')).toBe('offline');
      expect(connectionText('closed')).toBe('offline');
    });
  });

  describe(mergeById.name, () => {
    it('prefers the live fields, and keeps what only HTTP knows', () => {
      const http = {
        a: { moduleId: 'a', title: 'Algebra', available: 2 },
        b: { moduleId: 'b', title: 'Biology', available: 5 },
      };
      const live = {
        b: { moduleId: 'b', title: undefined, available: 4 },
        c: { moduleId: 'c', available: 1 },
      };

      expect(mergeById<{ moduleId: string; title?: string; available: number }>(http, live)).toEqual({
        a: { moduleId: 'a', title: 'Algebra', available: 2 },
        b: { moduleId: 'b', title: 'Biology', available: 4 },
        c: { moduleId: 'c', available: 1 },
      });
    });
  });

  describe(mergeEntry.name, () => {
    it('returns the live entry itself when HTTP has none', () => {
      const live = { moduleId: 'a', available: 1 };
      expect(mergeEntry(undefined, live)).toBe(live);
    });
  });

  describe(sortedModules.name, () => {
    it('orders by module id', () => {
      expect(sortedModules({ b: { moduleId: 'b' }, a: { moduleId: 'a' } }).map((m) => m.moduleId)).toEqual([
        'a',
        'b',
      ]);
    });
  });

  describe(orderedRegistrations.name, () => {
    it('follows the given order and puts unplaced ones on top', () => {
      expect(orderedRegistrations({ r1: 1, r2: 2, r3: 3 }, ['r2', 'r1', 'gone'])).toEqual([3, 2, 1]);
    });
  });

  describe(registerNotice.name, () => {
    it('words each answer to a registration', () => {
      expect(registerNotice('CS101', { status: 202 })).toEqual({
        tone: 'info',
        text: 'Registration for CS101 received; waiting for a seat and payment.',
      });
      expect(registerNotice('CS101', { status: 409 }).text).toBe('You are already registered for CS101.');
      expect(registerNotice('CS101', { status: 404 }).text).toBe('CS101 no longer exists.');
      expect(registerNotice('CS101', { status: 401 }).text).toMatch(/sign in again/);
      expect(registerNotice('CS101', { status: 429, retryAfterSeconds: 3 }).text).toBe(
        'The service is busy; try again in 3 seconds.',
      );
      expect(registerNotice('CS101', { status: 503 }).text).toBe(
        'The service is busy; try again in a moment.',
      );
      expect(registerNotice('CS101', { status: 400, message: 'moduleId: required' })).toEqual({
        tone: 'error',
        text: 'Registration for CS101 failed (400: moduleId: required).',
      });
    });
  });

  describe(parseRetryAfter.name, () => {
    it('reads seconds and HTTP dates', () => {
      expect(parseRetryAfter('5')).toBe(5);
      expect(parseRetryAfter(null)).toBeUndefined();
      expect(parseRetryAfter('soon')).toBeUndefined();
      const now = Date.parse('2026-01-01T00:00:00Z');
      expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    });
  });

  describe(closeNotice.name, () => {
    it('signs out on session close codes only', () => {
      expect(closeNotice(4001)?.text).toMatch(/^Signed out: your session expired/);
      expect(closeNotice(4002)?.text).toMatch(/^Signed out: your session was ended/);
      expect(closeNotice(4003)?.text).toMatch(/^Signed out/);
      expect(closeNotice(1013)).toBeUndefined();
      expect(closeNotice(1006)).toBeUndefined();
    });
  });
});
