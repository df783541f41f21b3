import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http.types';

export const MAX_IN_FLIGHT_REQUESTS = Symbol('MAX_IN_FLIGHT_REQUESTS');

/**
 * A bulkhead for the whole API: beyond the limit of requests in progress, a new one is refused at
 * once with 503 and Retry-After, instead of queueing until every caller times out. Probes and
 * metrics are exempt, so an overloaded instance still reports itself.
 */
@Injectable()
export class InFlightLimiter implements NestMiddleware {
  private inFlight = 0;

  constructor(@Inject(MAX_IN_FLIGHT_REQUESTS) private readonly limit: number) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (request.path.startsWith('/health') || request.path === '/metrics') return next();
    if (this.inFlight >= this.limit) {
      response
        .status(503)
        .setHeader('Retry-After', '1')
        .json({ statusCode: 503, error: 'Service Unavailable', message: 'too many requests in progress' });
      return;
    }
    this.inFlight += 1;
    response.once('close', () => (this.inFlight -= 1));
    next();
  }
}
