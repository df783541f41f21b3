import { closeCodes } from '@platform/contracts';
import type { ConnectionStatus } from '@platform/realtime-client';

/**
 * The page's pure half: what a module row, a registration row, the connection badge and a
 * register attempt look like, from data alone. The DOM code only copies these values onto nodes.
 */

export interface SeatsLike {
  moduleId: string;
  title?: string;
  capacity: number;
  available: number;
}

export interface RegistrationLike {
  registrationId: string;
  moduleId: string;
  status: 'PENDING' | 'COMPLETED' | 'CANCELLED';
  reason?: 'NO_SEAT' | 'PAYMENT_FAILED' | 'TIMEOUT';
}

export interface ModuleRowView {
  moduleId: string;
  title: string;
  seatsText: string;
  available: number;
  full: boolean;
}

export interface RegistrationRowView {
  registrationId: string;
  moduleId: string;
  status: RegistrationLike['status'];
  statusText: string;
}

export interface Notice {
  tone: 'info' | 'error';
  text: string;
}

export function seatsLeftText(available: number, capacity: number): string {
  if (available === 0) return '0 seats left (full)';
  return `${available} ${available === 1 ? 'seat' : 'seats'} left of ${capacity}`;
}

export function moduleRowView(seats: SeatsLike): ModuleRowView {
  return {
    moduleId: seats.moduleId,
    title: seats.title && seats.title !== seats.moduleId ? seats.title : '',
    seatsText: seatsLeftText(seats.available, seats.capacity),
    available: seats.available,
    full: seats.available === 0,
  };
}

const reasonTexts: Record<NonNullable<RegistrationLike['reason']>, string> = {
  NO_SEAT: 'no seat was left',
  PAYMENT_FAILED: 'the payment failed',
  TIMEOUT: 'it took too long',
};

export function registrationRowView(registration: RegistrationLike): RegistrationRowView {
  const statusText =
    registration.status === 'PENDING'
      ? 'Pending'
      : registration.status === 'COMPLETED'
        ? 'Registered'
        : `Cancelled${registration.reason ? `: ${reasonTexts[registration.reason]}` : ''}`;
  return {
    registrationId: registration.registrationId,
    moduleId: registration.moduleId,
    status: registration.status,
    statusText,
  };
}

/** What the badge says: the page names only three states; a first connect counts as reconnecting. */
export function connectionText(status: ConnectionStatus): 'connected' | 'reconnecting' | 'offline' {
  if (status === 'connected') return 'connected';
  if (status === 'connecting' || status === 'reconnecting') return 'reconnecting';
  return 'offline';
}

/**
 * Rows by id from the first paint over HTTP, overlaid by the realtime store's entry once it has
 * one: the store applies versions, resumes and snapshots, so it is the fresher source for every
 * field it carries; a field it lacks (an event carries no module title) keeps the HTTP value.
 */
export function mergeById<T extends object>(
  fromHttp: Readonly<Record<string, T>>,
  live: Readonly<Record<string, T>>,
): Record<string, T> {
  const merged: Record<string, T> = { ...fromHttp };
  for (const [id, entry] of Object.entries(live)) merged[id] = mergeEntry(fromHttp[id], entry);
  return merged;
}

/** One row of {@link mergeById}: the live entry's defined fields over the HTTP one's. */
export function mergeEntry<T extends object>(fromHttp: T | undefined, live: T): T {
  if (!fromHttp) return live;
  const defined = Object.entries(live).filter(([, value]) => value !== undefined);
  return { ...fromHttp, ...Object.fromEntries(defined) };
}

/** Module rows in module id order. */
export function sortedModules<T extends { moduleId: string }>(byId: Readonly<Record<string, T>>): T[] {
  return Object.values(byId).sort((a, b) => (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
}

/** Registrations in the page's newest-first order; any it has not placed yet go on top. */
export function orderedRegistrations<T>(
  byId: Readonly<Record<string, T>>,
  newestFirst: readonly string[],
): T[] {
  const placed = new Set(newestFirst);
  const unplaced = Object.keys(byId).filter((id) => !placed.has(id));
  return [...unplaced, ...newestFirst].map((id) => byId[id]).filter((row): row is T => row !== undefined);
}

export interface ApiProblem {
  status: number;
  message?: string;
  retryAfterSeconds?: number;
}

/** The answer to a click on Register, in words. */
export function registerNotice(moduleId: string, outcome: { status: 202 } | ApiProblem): Notice {
  switch (outcome.status) {
    case 202:
      return { tone: 'info', text: `Registration for ${moduleId} received; waiting for a seat and payment.` };
    case 409:
      return { tone: 'error', text: `You are already registered for ${moduleId}.` };
    case 404:
      return { tone: 'error', text: `${moduleId} no longer exists.` };
    case 401:
      return { tone: 'error', text: 'Your session has ended; sign in again.' };
    case 429:
    case 503:
      return {
        tone: 'error',
        text: `The service is busy; try again in ${retryText((outcome as ApiProblem).retryAfterSeconds)}.`,
      };
    default: {
      const problem = outcome as ApiProblem;
      return {
        tone: 'error',
        text: `Registration for ${moduleId} failed (${problem.status}${problem.message ? `: ${problem.message}` : ''}).`,
      };
    }
  }
}

function retryText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'a moment';
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** Retry-After as seconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The words for a closed realtime connection the page cannot recover from by itself. */
export function closeNotice(code: number): Notice | undefined {
  if (code === closeCodes.SESSION_EXPIRED)
    return { tone: 'error', text: 'Signed out: your session expired. Sign in again.' };
  if (code === closeCodes.SESSION_REVOKED)
    return { tone: 'error', text: 'Signed out: your session was ended. Sign in again.' };
  if (code === closeCodes.TOKEN_REJECTED)
    return { tone: 'error', text: 'Signed out: your session was refused. Sign in again.' };
  return undefined;
}
