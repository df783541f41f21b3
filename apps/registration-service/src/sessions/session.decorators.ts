import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedStudent } from './sessions.service';

export const PUBLIC_ROUTE = 'registration-service:public';

/** The route answers without a session token. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export interface AuthenticatedRequest {
  student?: AuthenticatedStudent;
}

/** The student the session guard authenticated for this request. */
export const CurrentStudent = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const student = ctx.switchToHttp().getRequest<AuthenticatedRequest>().student;
  if (!student) throw new Error('CurrentStudent on a public route');
  return student;
});
