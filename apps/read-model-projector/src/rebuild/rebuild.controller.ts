import { ConflictException, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { RebuildInProgressError, RebuildService, type RebuildReport } from './rebuild.service';

@Controller('admin/read-models')
export class RebuildController {
  constructor(@Inject(RebuildService) private readonly rebuilds: RebuildService) {}

  /** Runs a whole rebuild and answers with its report once readers see the new generation. */
  @Post('rebuild')
  @HttpCode(200)
  async rebuild(): Promise<RebuildReport> {
    try {
      return await this.rebuilds.rebuild('request');
    } catch (error) {
      if (error instanceof RebuildInProgressError)
        throw new ConflictException({ status: 'conflict', reason: error.message });
      throw error;
    }
  }
}
