export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export type RegistrationStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED';

export interface RegistrationBody {
  registrationId: string;
  moduleId: string;
  status: RegistrationStatus;
  reason?: 'NO_SEAT' | 'PAYMENT_FAILED' | 'TIMEOUT';
  history: { type: string; at: string; version: number }[];
}

/** registration-service's HTTP API as a student's browser uses it. */
export class RegistrationApi {
  constructor(readonly baseUrl: string) {}

  async signIn(studentId: string, password = 'demo-password'): Promise<string> {
    const response = await this.call<{ token: string }>('POST', '/sessions', {
      body: { studentId, password },
    });
    if (response.status !== 201)
      throw new Error(`sign-in of ${studentId}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.token;
  }

  register(token: string, moduleId: string, idempotencyKey?: string) {
    return this.call<{ registrationId: string; status: RegistrationStatus }>('POST', '/registrations', {
      token,
      body: { moduleId },
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
    });
  }

  registration(token: string, registrationId: string) {
    return this.call<RegistrationBody>('GET', `/registrations/${encodeURIComponent(registrationId)}`, {
      token,
    });
  }

  myRegistrations(token: string) {
    return this.call<RegistrationBody[]>('GET', '/students/me/registrations', { token });
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }
}
