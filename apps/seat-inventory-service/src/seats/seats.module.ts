import { Module } from '@nestjs/common';
import { SeatCommandHandlers } from './seats.handlers';
import { SeatsRepository } from './seats.repository';
import { SeatsService } from './seats.service';

@Module({
  providers: [SeatsRepository, SeatsService, SeatCommandHandlers],
  exports: [SeatsService, SeatsRepository],
})
export class SeatsModule {}
