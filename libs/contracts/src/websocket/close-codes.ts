/**
 * Every close code the notification gateway sends, and what a client should do about it.
 * 1000-1015 are RFC 6455's; 4000-4999 are this application's.
 */
export const closeCodes = {
  /** The gateway is shutting down or restarting: reconnect with backoff (another instance serves). */
  GOING_AWAY: 1001,
  /** The client broke the protocol: an unparseable frame, a binary frame, or too many messages a second. Do not retry unchanged. */
  POLICY_VIOLATION: 1008,
  /** A frame above the gateway's maximum message size. */
  MESSAGE_TOO_BIG: 1009,
  /** The gateway is overloaded, or this client reads too slowly to keep up: reconnect with backoff and resume. */
  TRY_AGAIN_LATER: 1013,
  /** The session expired (SessionExpired, or the token's exp passed without a refresh): sign in again. */
  SESSION_EXPIRED: 4001,
  /** The session was revoked (SessionRevoked: signed out or revoked by an operator): sign in again. */
  SESSION_REVOKED: 4002,
  /** An in-band token refresh carried a token that is invalid, belongs to another student, or names a session that ended or never began. */
  TOKEN_REJECTED: 4003,
} as const;

export type CloseCodeName = keyof typeof closeCodes;
export type CloseCode = (typeof closeCodes)[CloseCodeName];

/** Close codes after which reconnecting with the same token cannot help. */
export const terminalCloseCodes: readonly CloseCode[] = [
  closeCodes.POLICY_VIOLATION,
  closeCodes.MESSAGE_TOO_BIG,
  closeCodes.SESSION_EXPIRED,
  closeCodes.SESSION_REVOKED,
  closeCodes.TOKEN_REJECTED,
];
