/** The header `typ` of a session token (RFC 9068's access-token type), checked on every verify. */
export const SESSION_TOKEN_TYPE = 'at+jwt';

export const SESSION_TOKEN_ALGORITHM = 'ES256';

export interface SessionTokenSettings {
  /** `iss`: who signs the tokens. */
  issuer: string;
  /** `aud`: who accepts them. */
  audience: string;
}

/** What a verified token says. */
export interface SessionClaims {
  studentId: string;
  sessionId: string;
  issuedAt: Date;
  expiresAt: Date;
}
