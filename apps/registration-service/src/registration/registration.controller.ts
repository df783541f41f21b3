import {
  Body,
  ConflictException,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { CurrentStudent } from '../sessions/session.decorators';
import type { AuthenticatedStudent } from '../sessions/sessions.service';
import { ActiveRegistrationExistsError, UnknownModuleError } from './registration.errors';
import { RegistrationMetrics } from './registration.metrics';
import type { RegistrationSummary } from './registration.repository';
import {
  idempotencyKeyHeader,
  registrationIdParams,
  requestRegistrationBody,
  type RegistrationAccepted,
  type RegistrationDetails,
  type RegistrationSummaryResponse,
  type RequestRegistrationBody,
} from './registration.schemas';
import { RegistrationService } from './registration.service';

const NOT_FOUND = 'registration not found';
const idempotencyKeyPipe = new ZodValidationPipe(idempotencyKeyHeader, 'Idempotency-Key header');

@Controller()
export class RegistrationController {
  constructor(
    @Inject(RegistrationService) private readonly registrations: RegistrationService,
    @Inject(RegistrationMetrics) private readonly metrics: RegistrationMetrics,
  ) {}

  @Post('registrations')
  @HttpCode(202)
  async request(
    @CurrentStudent() student: AuthenticatedStudent,
    @Body(new ZodValidationPipe(requestRegistrationBody, 'body')) body: RequestRegistrationBody,
    @Headers('idempotency-key') idempotencyKeyValue: string | undefined,
  ): Promise<RegistrationAccepted> {
    const idempotencyKey = idempotencyKeyPipe.transform(idempotencyKeyValue);
    try {
      const { registrationId, created } = await this.registrations.request({
        studentId: student.studentId,
        moduleId: body.moduleId,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      });
      this.metrics.accepted(created);
      return { registrationId, status: 'PENDING' };
    } catch (error) {
      if (error instanceof UnknownModuleError) throw new NotFoundException('unknown module');
      if (error instanceof ActiveRegistrationExistsError) {
        throw new ConflictException('already registered for this module');
      }
      throw error;
    }
  }

  @Get('registrations/:id')
  async find(
    @CurrentStudent() student: AuthenticatedStudent,
    @Param(new ZodValidationPipe(registrationIdParams, 'path')) params: { id: string },
  ): Promise<RegistrationDetails> {
    const found = await this.registrations.detailsFor(student.studentId, params.id);
    if (!found) throw new NotFoundException(NOT_FOUND);
    const { registrationId, moduleId, status, reason } = found.registration;
    return { registrationId, moduleId, status, ...(reason ? { reason } : {}), history: found.history };
  }

  @Get('students/me/registrations')
  async mine(@CurrentStudent() student: AuthenticatedStudent): Promise<RegistrationSummaryResponse[]> {
    return (await this.registrations.listOf(student.studentId)).map(summaryOf);
  }
}

function summaryOf(row: RegistrationSummary): RegistrationSummaryResponse {
  const { registrationId, moduleId, status, reason, version, updatedAt } = row;
  return { registrationId, moduleId, status, ...(reason ? { reason } : {}), version, updatedAt };
}
