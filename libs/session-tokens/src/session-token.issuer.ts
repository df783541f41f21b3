import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import {
  SESSION_TOKEN_ALGORITHM,
  SESSION_TOKEN_TYPE,
  type SessionTokenSettings,
} from './session-token.claims';

export interface IssuedSessionToken {
  token: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Signs session tokens with the service's ES256 private key; only registration-service holds it. */
export class SessionTokenIssuer {
  private constructor(
    private readonly key: CryptoKey,
    private readonly settings: SessionTokenSettings & { ttlSeconds: number },
  ) {}

  /** `privateKeyPem` is a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  static async fromPem(
    privateKeyPem: string,
    settings: SessionTokenSettings & { ttlSeconds: number },
  ): Promise<SessionTokenIssuer> {
    return new SessionTokenIssuer(await importPKCS8(privateKeyPem, SESSION_TOKEN_ALGORITHM), settings);
  }

  async issue(
    session: { studentId: string; sessionId: string },
    now: Date = new Date(),
    ttlSeconds: number = this.settings.ttlSeconds,
  ): Promise<IssuedSessionToken> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: SESSION_TOKEN_ALGORITHM, typ: SESSION_TOKEN_TYPE })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(session.studentId)
      .setJti(session.sessionId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
  }
}
