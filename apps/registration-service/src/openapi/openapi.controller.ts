import { Controller, Get } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../sessions/session.decorators';
import { buildOpenApiDocument } from './openapi.document';

@Controller()
export class OpenApiController {
  private readonly document = buildOpenApiDocument();

  @Public()
  @SkipThrottle()
  @Get('openapi.json')
  openapi(): unknown {
    return this.document;
  }
}
