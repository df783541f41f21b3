import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../sessions/session.decorators';

/**
 * Throttles a signed-in student by their id, so a classroom behind one address is not one
 * bucket, and anonymous requests (sign-in, the module list) by address.
 */
@Injectable()
export class StudentThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const student = (request as AuthenticatedRequest).student;
    return student ? `student:${student.studentId}` : `address:${String(request['ip'])}`;
  }
}
