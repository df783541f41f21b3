import type { IncomingMessage, ServerResponse } from 'node:http';

// The parts of Express' request and response this service uses (the workspace has no @types/express).
export interface HttpRequest extends IncomingMessage {
  path: string;
  ip?: string;
  route?: { path?: string };
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
}

export type NextFunction = (error?: unknown) => void;
