import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionTokenExpiredError, SessionTokenInvalidError } from '@platform/session-tokens';
import type { HttpRequest as Request, HttpResponse as Response } from '../http/http.types';
import { PUBLIC_ROUTE, type AuthenticatedRequest } from './session.decorators';
import { SessionRevokedError } from './sessions.errors';
import { SessionsService } from './sessions.service';

/**
 * Every route needs a valid, unrevoked session token unless it is marked @Public(). Runs before
 * the throttler, so authenticated requests are throttled per student rather than per address.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const refuse = (reason: string): never => {
      response.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${reason}"`);
      throw new UnauthorizedException(reason);
    };

    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return refuse('missing bearer token');
    try {
      request.student = await this.sessions.authenticate(token);
      return true;
    } catch (error) {
      if (error instanceof SessionTokenExpiredError) return refuse('token expired');
      if (error instanceof SessionTokenInvalidError) return refuse('invalid token');
      if (error instanceof SessionRevokedError) return refuse('session revoked');
      throw error;
    }
  }
}
