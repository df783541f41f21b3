import { parseRetryAfter, type ApiProblem, type RegistrationLike } from './view-model';

export interface Session {
  token: string;
  expiresAt: string;
}

export interface ModuleListing {
  moduleId: string;
  title: string;
  capacity: number;
  reserved: number;
  confirmed: number;
  available: number;
  fee: { amountCents: number; currency: string };
}

export type Result<T> = { ok: true; status: number; value: T } | ({ ok: false } & ApiProblem);

/** registration-service's HTTP API, as the page calls it from the browser (CORS). */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  signIn(studentId: string, password: string): Promise<Result<Session>> {
    return this.call('POST', '/sessions', { body: { studentId, password } });
  }

  signOut(token: string): Promise<Result<unknown>> {
    return this.call('DELETE', '/sessions/current', { token });
  }

  modules(): Promise<Result<ModuleListing[]>> {
    return this.call('GET', '/modules');
  }

  myRegistrations(token: string): Promise<Result<RegistrationLike[]>> {
    return this.call('GET', '/students/me/registrations', { token });
  }

  register(token: string, moduleId: string): Promise<Result<{ registrationId: string; status: 'PENDING' }>> {
    // A fresh key per click: a retried request (same key) is answered with the same registration.
    return this.call('POST', '/registrations', {
      token,
      body: { moduleId },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
  }

  private async call<T>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Result<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch {
      return { ok: false, status: 0, message: 'the service cannot be reached' };
    }
    const text = await response.text();
    const body: unknown = text ? safeJson(text) : undefined;
    if (response.ok) return { ok: true, status: response.status, value: body as T };
    return {
      ok: false,
      status: response.status,
      message: messageOf(body),
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function messageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string')
    return body.message;
  return undefined;
}
