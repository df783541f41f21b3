import { Module } from '@nestjs/common';
import { CdcReplayer } from './cdc.replayer';
import { RebuildController } from './rebuild.controller';
import { RebuildService } from './rebuild.service';

@Module({
  controllers: [RebuildController],
  providers: [CdcReplayer, RebuildService],
  exports: [RebuildService],
})
export class RebuildModule {}
