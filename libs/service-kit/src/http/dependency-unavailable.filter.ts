import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { isDependencyUnavailable } from '@platform/messaging';

/** Seconds a client is asked to wait: about how long a database restart or failover takes. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * Answers a request that failed for want of a dependency (the database restarting, Redis gone)
 * with 503 and Retry-After, naming what is unavailable; every other error goes to Nest's own
 * handling. The request did nothing, so the client may safely send it again.
 */
@Catch()
export class DependencyUnavailableFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isDependencyUnavailable(exception)) {
      super.catch(exception, host);
      return;
    }
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    const response: unknown = host.switchToHttp().getResponse();
    if (!adapter || adapter.isHeadersSent(response)) return;
    adapter.setHeader(response, 'Retry-After', String(RETRY_AFTER_SECONDS));
    adapter.reply(
      response,
      {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `${dependencyOf(exception)} is unavailable; retry in ${RETRY_AFTER_SECONDS} s`,
      },
      503,
    );
  }
}

function dependencyOf(exception: unknown): string {
  const named = (exception as { dependency?: unknown }).dependency;
  return typeof named === 'string' ? named : 'a dependency';
}
