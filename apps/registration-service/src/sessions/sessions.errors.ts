/** Unknown student or wrong password; deliberately not saying which. */
export class InvalidCredentialsError extends Error {
  override readonly name = 'InvalidCredentialsError';
}

/** The token is genuine but its session was signed out (or never existed here). */
export class SessionRevokedError extends Error {
  override readonly name = 'SessionRevokedError';
}
