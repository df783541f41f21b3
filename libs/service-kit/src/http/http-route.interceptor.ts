import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { Observable } from 'rxjs';

/**
 * Tells the HTTP instrumentation which route a request matched, so its server span is named
 * `POST /registrations` and carries `http.route`. (OpenTelemetry's Express instrumentation would do
 * this, but it cannot patch the Express that Nest 11 loads as an ES module.)
 */
@Injectable()
export class HttpRouteInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = execution.switchToHttp().getRequest<{ route?: { path?: unknown } }>().route?.path;
    const metadata = getRPCMetadata(context.active());
    if (metadata?.type === RPCType.HTTP && typeof route === 'string') metadata.route = route;
    return next.handle();
  }
}
