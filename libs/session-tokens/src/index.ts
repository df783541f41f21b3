export { SESSION_TOKEN_ALGORITHM, SESSION_TOKEN_TYPE } from './session-token.claims';
export type { SessionClaims, SessionTokenSettings } from './session-token.claims';
export { SessionTokenExpiredError, SessionTokenInvalidError } from './session-token.errors';
export type { SessionTokenError } from './session-token.errors';
export { SessionTokenIssuer } from './session-token.issuer';
export type { IssuedSessionToken } from './session-token.issuer';
export { SessionTokenVerifier } from './session-token.verifier';
