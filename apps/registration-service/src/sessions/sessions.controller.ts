import { Body, Controller, Delete, HttpCode, Inject, Post, UnauthorizedException } from '@nestjs/common';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { CurrentStudent, Public } from './session.decorators';
import { InvalidCredentialsError } from './sessions.errors';
import { createSessionBody, type CreateSessionBody, type SessionCreatedResponse } from './sessions.schemas';
import { SessionsService, type AuthenticatedStudent } from './sessions.service';

@Controller('sessions')
export class SessionsController {
  constructor(@Inject(SessionsService) private readonly sessions: SessionsService) {}

  @Public()
  @Post()
  async create(
    @Body(new ZodValidationPipe(createSessionBody, 'body')) body: CreateSessionBody,
  ): Promise<SessionCreatedResponse> {
    try {
      const { token, expiresAt } = await this.sessions.signIn(body.studentId, body.password);
      return { token, expiresAt: expiresAt.toISOString() };
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }

  @Delete('current')
  @HttpCode(204)
  async revokeCurrent(@CurrentStudent() student: AuthenticatedStudent): Promise<void> {
    await this.sessions.signOut(student);
  }
}
