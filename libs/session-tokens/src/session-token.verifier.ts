import { errors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import {
  SESSION_TOKEN_ALGORITHM,
  SESSION_TOKEN_TYPE,
  type SessionClaims,
  type SessionTokenSettings,
} from './session-token.claims';
import { SessionTokenExpiredError, SessionTokenInvalidError } from './session-token.errors';

/**
 * Checks a session token's signature and claims. The algorithm is pinned, so neither `alg: none`
 * nor an HS256 token "signed" with the public key passes. Whether the session was revoked is the
 * caller's question: the token alone cannot know.
 */
export class SessionTokenVerifier {
  private constructor(
    private readonly key: CryptoKey,
    private readonly settings: SessionTokenSettings,
  ) {}

  /** `publicKeyPem` is an SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  static async fromPem(publicKeyPem: string, settings: SessionTokenSettings): Promise<SessionTokenVerifier> {
    return new SessionTokenVerifier(await importSPKI(publicKeyPem, SESSION_TOKEN_ALGORITHM), settings);
  }

  /** Throws SessionTokenExpiredError or SessionTokenInvalidError; `now` is for tests. */
  async verify(token: string, now?: Date): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [SESSION_TOKEN_ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        typ: SESSION_TOKEN_TYPE,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
        ...(now ? { currentDate: now } : {}),
      });
      return {
        studentId: payload.sub as string,
        sessionId: payload.jti as string,
        issuedAt: new Date((payload.iat as number) * 1000),
        expiresAt: new Date((payload.exp as number) * 1000),
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new SessionTokenExpiredError('token expired');
      if (error instanceof errors.JOSEError) {
        throw new SessionTokenInvalidError(`invalid token: ${error.code}`);
      }
      throw new SessionTokenInvalidError('invalid token');
    }
  }
}
