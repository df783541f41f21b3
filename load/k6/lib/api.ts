import http from 'k6/http';
import { settings } from './settings.ts';

const json = { headers: { 'content-type': 'application/json' } };

export interface ModuleView {
  moduleId: string;
  available: number;
}

export function signIn(studentId: string): string | undefined {
  const response = http.post(
    `${settings.apiUrl}/sessions`,
    JSON.stringify({ studentId, password: settings.password }),
    { ...json, tags: { name: 'POST /sessions' } },
  );
  return response.status === 201 ? (response.json('token') as string) : undefined;
}

export function modules(): ModuleView[] {
  const response = http.get(`${settings.apiUrl}/modules`, { tags: { name: 'GET /modules' } });
  return response.status === 200 ? (response.json() as unknown as ModuleView[]) : [];
}

export function register(token: string, moduleId: string, idempotencyKey: string) {
  return http.post(`${settings.apiUrl}/registrations`, JSON.stringify({ moduleId }), {
    headers: { ...json.headers, authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey },
    tags: { name: 'POST /registrations' },
  });
}

export function registrationStatus(token: string, registrationId: string): string | undefined {
  const response = http.get(`${settings.apiUrl}/registrations/${registrationId}`, {
    headers: { authorization: `Bearer ${token}` },
    tags: { name: 'GET /registrations/:id' },
  });
  return response.status === 200 ? (response.json('status') as string) : undefined;
}
