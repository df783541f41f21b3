/** The token was genuine but its `exp` has passed. */
export class SessionTokenExpiredError extends Error {
  override readonly name = 'SessionTokenExpiredError';
  readonly reason = 'expired' as const;
}

/** The token is malformed, forged, of the wrong algorithm, type, issuer or audience, or lacks a claim. */
export class SessionTokenInvalidError extends Error {
  override readonly name = 'SessionTokenInvalidError';
  readonly reason = 'invalid' as const;
}

export type SessionTokenError = SessionTokenExpiredError | SessionTokenInvalidError;
