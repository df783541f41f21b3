import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/**
 * What a browser on an allowed origin may do: the student page signs in, lists, registers and signs
 * out, and reads Retry-After to back off after a 429 or 503.
 */
export function corsOptions(allowedOrigins: readonly string[]): CorsOptions {
  return {
    origin: [...allowedOrigins],
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  };
}
