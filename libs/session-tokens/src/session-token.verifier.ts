import { errors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { LRUCache } from 'lru-cache';
import {
  SESSION_TOKEN_ALGORITHM,
  SESSION_TOKEN_TYPE,
  type SessionClaims,
  type SessionTokenSettings,
} from './session-token.claims';
import { SessionTokenExpiredError, SessionTokenInvalidError } from './session-token.errors';

/** Tokens whose signature was checked, kept by default; a student sends one token many times. */
const VERIFIED_TOKENS_KEPT = 20_000;

/**
 * Checks a session token's signature and claims. The algorithm is pinned, so neither `alg: none`
 * nor an HS256 token "signed" with the public key passes. Whether the session was revoked is the
 * caller's question: the token alone cannot know.
 *
 * An ES256 verify costs about a fifth of registration-service's CPU when every request pays it, so
 * the claims of a token already verified are kept (exactly that token's bytes, at most `kept` of
 * them, least recently used out first) and only its expiry is checked again.
 */
export class SessionTokenVerifier {
  private readonly verified: LRUCache<string, SessionClaims>;

  private constructor(
    private readonly key: CryptoKey,
    private readonly settings: SessionTokenSettings,
    kept: number,
  ) {
    this.verified = new LRUCache({ max: kept });
  }

  /** `publicKeyPem` is an SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  static async fromPem(
    publicKeyPem: string,
    settings: SessionTokenSettings,
    { kept = VERIFIED_TOKENS_KEPT }: { kept?: number } = {},
  ): Promise<SessionTokenVerifier> {
    return new SessionTokenVerifier(await importSPKI(publicKeyPem, SESSION_TOKEN_ALGORITHM), settings, kept);
  }

  /** Throws SessionTokenExpiredError or SessionTokenInvalidError; `now` is for tests. */
  async verify(token: string, now = new Date()): Promise<SessionClaims> {
    const known = this.verified.get(token);
    if (known === undefined) {
      const claims = await this.verifySignature(token, now);
      this.verified.set(token, claims);
      return claims;
    }
    if (known.expiresAt.getTime() <= now.getTime()) {
      this.verified.delete(token);
      throw new SessionTokenExpiredError('token expired');
    }
    return known;
  }

  private async verifySignature(token: string, now: Date): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [SESSION_TOKEN_ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        typ: SESSION_TOKEN_TYPE,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
        currentDate: now,
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
