import type { IncomingMessage } from 'node:http';
import { WS_PROTOCOL } from '@platform/contracts';

export const WEBSOCKET_PATH = '/ws';
const bearerPrefix = 'bearer.';

/** The session token of an upgrade request: the `bearer.<token>` subprotocol, else `?access_token=`. */
export function tokenOf(request: Pick<IncomingMessage, 'headers' | 'url'>): string | undefined {
  const offered = protocolsOf(request);
  const bearer = offered.find((protocol) => protocol.startsWith(bearerPrefix));
  if (bearer) return bearer.slice(bearerPrefix.length) || undefined;
  return new URL(request.url ?? '/', 'http://gateway').searchParams.get('access_token') || undefined;
}

export function protocolsOf(request: Pick<IncomingMessage, 'headers'>): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((protocol) => protocol.trim())
    .filter(Boolean);
}

/** Browsers always send Origin; a request without one is a non-browser client and is let through. */
export function originAllowed(
  request: Pick<IncomingMessage, 'headers'>,
  allowed: readonly string[],
): boolean {
  const origin = request.headers.origin;
  return origin === undefined || allowed.includes(origin);
}

export function pathOf(request: Pick<IncomingMessage, 'url'>): string {
  return new URL(request.url ?? '/', 'http://gateway').pathname;
}

/** The gateway answers with its protocol when offered; never with the bearer entry. */
export function selectProtocol(protocols: Set<string>): string | false {
  return protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false;
}
