import { OpenApiGeneratorV31, OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { errorBody, validationErrorBody } from '../http/api.schemas';
import { z } from '../http/openapi-zod';
import { moduleList } from '../modules/modules.schemas';
import {
  idempotencyKeyHeader,
  registrationAccepted,
  registrationDetails,
  registrationIdParams,
  registrationList,
  requestRegistrationBody,
} from '../registration/registration.schemas';
import { createSessionBody, sessionCreated } from '../sessions/sessions.schemas';

/**
 * The OpenAPI 3.1 document of the HTTP API, built from the zod schemas the controllers validate
 * with, so the two cannot drift. `GET /openapi.json` serves it; scripts/generate-openapi.ts
 * writes docs/api/registration-service.openapi.json.
 */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'session', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The token of POST /sessions (ES256, typ at+jwt, 15 minutes).',
  });
  const Error = registry.register('Error', errorBody);
  const ValidationError = registry.register('ValidationError', validationErrorBody);
  const json = (description: string, schema: z.ZodType, headers?: ResponseConfig['headers']) => ({
    description,
    content: { 'application/json': { schema } },
    ...(headers ? { headers } : {}),
  });
  const retryAfter = {
    'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' as const } },
  };
  const badRequest = json(
    'The body, path or a header is invalid: `issues` names each problem (none for a body that is not JSON or a badly percent-encoded path)',
    z.union([ValidationError, Error]),
  );
  const tooLarge = json('The body is larger than 100 kB', Error);
  const unsupportedBody = json('The body has a charset or content encoding the service does not read', Error);
  const unauthorized = json('No, a forged, an expired or a revoked token', Error, {
    'WWW-Authenticate': { description: 'Bearer error="invalid_token"', schema: { type: 'string' } },
  });
  const tooMany = json('Throttled (per student, or per address when anonymous)', Error, retryAfter);
  const unavailable = json(
    'Too many requests in progress, or the database or Redis is unavailable; safe to send again',
    Error,
    retryAfter,
  );
  const secured = [{ [bearer.name]: [] }];

  registry.registerPath({
    method: 'post',
    path: '/sessions',
    operationId: 'signIn',
    summary: 'Sign in',
    request: { body: { required: true, content: { 'application/json': { schema: createSessionBody } } } },
    responses: {
      201: json('The session token', registry.register('Session', sessionCreated)),
      400: badRequest,
      401: json('Unknown student or wrong password', Error),
      413: tooLarge,
      415: unsupportedBody,
      429: tooMany,
      503: unavailable,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/sessions/current',
    operationId: 'signOut',
    summary: 'Sign out: the token is refused from now on',
    security: secured,
    responses: { 204: { description: 'Signed out' }, 401: unauthorized, 429: tooMany, 503: unavailable },
  });
  registry.registerPath({
    method: 'get',
    path: '/modules',
    operationId: 'listModules',
    summary: 'Every module with its live seat counts and fee',
    responses: {
      200: {
        ...json('Modules by id', registry.register('ModuleList', moduleList)),
        links: {
          register: {
            operationId: 'requestRegistration',
            requestBody: { moduleId: '$response.body#/0/moduleId' },
            description: 'Register for a listed module',
          },
        },
      },
      429: tooMany,
      503: unavailable,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/registrations',
    operationId: 'requestRegistration',
    summary: 'Ask for a seat; the registration completes or is cancelled asynchronously',
    security: secured,
    request: {
      headers: z.object({ 'idempotency-key': idempotencyKeyHeader }),
      body: { required: true, content: { 'application/json': { schema: requestRegistrationBody } } },
    },
    responses: {
      202: {
        ...json(
          'Accepted (also for a repeated Idempotency-Key)',
          registry.register('RegistrationAccepted', registrationAccepted),
        ),
        links: {
          follow: {
            operationId: 'getRegistration',
            parameters: { id: '$response.body#/registrationId' },
            description: 'Follow the registration until it completes or is cancelled',
          },
        },
      },
      400: badRequest,
      401: unauthorized,
      404: json('Unknown module', Error),
      409: json('The student already has a registration for this module', Error),
      413: tooLarge,
      415: unsupportedBody,
      429: tooMany,
      503: unavailable,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/registrations/{id}',
    operationId: 'getRegistration',
    summary: "One of the caller's registrations with its history",
    security: secured,
    request: { params: registrationIdParams },
    responses: {
      200: json('The registration', registry.register('Registration', registrationDetails)),
      400: badRequest,
      401: unauthorized,
      404: json("Unknown, or another student's", Error),
      429: tooMany,
      503: unavailable,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/students/me/registrations',
    operationId: 'listMyRegistrations',
    summary: "The caller's registrations, latest change first",
    security: secured,
    responses: {
      200: json('Registrations', registry.register('RegistrationList', registrationList)),
      401: unauthorized,
      429: tooMany,
      503: unavailable,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/health/live',
    operationId: 'live',
    summary: 'Liveness',
    responses: { 200: json('The process runs', z.object({ status: z.literal('ok') })) },
  });
  const checks = z.object({ database: z.enum(['up', 'down']), consumer: z.enum(['up', 'down']) });
  registry.registerPath({
    method: 'get',
    path: '/health/ready',
    operationId: 'ready',
    summary: 'Readiness: the database and the command consumer (not Redis, a cache here)',
    responses: {
      200: json('Ready', z.object({ status: z.literal('ok'), checks })),
      503: json(
        'Not ready',
        z.object({ status: z.literal('unavailable'), checks, reasons: z.record(z.string(), z.string()) }),
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    responses: {
      200: { description: 'Text exposition format', content: { 'text/plain': { schema: z.string() } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This document',
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        content: { 'application/json': { schema: z.object({}).passthrough() } },
      },
      503: unavailable,
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'registration-service',
      version: '1.0.0',
      description:
        'Sign in, see modules with live seat counts, and register. Errors are JSON with `statusCode`, `error` and a `message` that gives the reason.',
    },
    servers: [{ url: 'http://localhost:3001' }],
  });
}
