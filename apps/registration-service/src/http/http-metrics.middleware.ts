import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http.types';
import { Histogram, register } from 'prom-client';

const duration: Histogram<'method' | 'route' | 'status_code'> =
  (register.getSingleMetric('http_request_duration_seconds') as
    Histogram<'method' | 'route' | 'status_code'> | undefined) ??
  new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

/** Times every request; the route is the matched template (`/registrations/:id`), never the raw path. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const end = duration.startTimer();
    response.once('finish', () => {
      const route = request.route?.path ?? 'unmatched';
      end({ method: request.method, route, status_code: String(response.statusCode) });
    });
    next();
  }
}
