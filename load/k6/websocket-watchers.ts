import { check } from 'k6';
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { Counter, Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { modules, signIn } from './lib/api.ts';
import { settings, studentId } from './lib/settings.ts';

// Students watching the seat counts. One virtual user holds many sockets (SOCKETS_PER_VU): one
// virtual user per socket would need gigabytes of memory at 10,000 sockets. The lag of each seat
// update is measured from the changedAt the projector stamps on it to its arrival here.
const socketsPerVu = Number(__ENV.SOCKETS_PER_VU ?? '50');
const watchSeconds = Number(__ENV.WATCH_SECONDS ?? '120');
const lag = new Trend('seat_update_lag_ms', true);
const updates = new Counter('seat_updates_received');
const closedEarly = new Counter('sockets_closed_early');

export const options: Options = {
  scenarios: {
    watchers: {
      executor: 'per-vu-iterations',
      exec: 'watch',
      vus: Number(__ENV.VUS ?? '200'),
      iterations: 1,
      maxDuration: `${watchSeconds + 60}s`,
    },
  },
  thresholds: {
    seat_update_lag_ms: ['p(95)<1000', 'p(99)<1500'],
    sockets_closed_early: ['count<1'],
  },
};

interface WatchData {
  tokens: string[];
  moduleIds: string[];
}

export function setup(): WatchData {
  const moduleIds = modules().map((module) => module.moduleId);
  const tokens: string[] = [];
  for (let i = 0; i < 50; i++) {
    const token = signIn(studentId(i));
    if (token) tokens.push(token);
  }
  if (tokens.length === 0 || moduleIds.length === 0)
    throw new Error('no tokens or no modules: seed the platform first');
  return { tokens, moduleIds };
}

export function watch(data: WatchData): void {
  const vu = exec.vu.idInTest;
  for (let i = 0; i < socketsPerVu; i++) {
    const token = data.tokens[(vu + i) % data.tokens.length] as string;
    const moduleId = data.moduleIds[(vu * socketsPerVu + i) % data.moduleIds.length] as string;
    const socket = new WebSocket(`${settings.gatewayUrl}?access_token=${encodeURIComponent(token)}`);
    let closing = false;
    socket.onopen = () => {
      socket.send(JSON.stringify({ op: 'subscribe', id: `s${i}`, channel: `modules:${moduleId}` }));
      setTimeout(() => {
        closing = true;
        socket.close();
      }, watchSeconds * 1000);
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event?.data)) as {
        type: string;
        event?: { type: string; data: { changedAt?: string } };
      };
      if (frame.type !== 'event' || frame.event?.type !== 'SeatAvailableChanged') return;
      updates.add(1);
      const changedAt = frame.event.data.changedAt;
      if (changedAt) lag.add(Date.now() - Date.parse(changedAt));
    };
    socket.onclose = () => {
      if (!closing) closedEarly.add(1);
    };
    socket.onerror = () => {
      check(false, { 'socket without errors': (ok) => ok });
    };
  }
}
