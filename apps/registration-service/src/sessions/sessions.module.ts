import { Module, type DynamicModule } from '@nestjs/common';
import { SessionTokenIssuer, SessionTokenVerifier } from '@platform/session-tokens';
import type { Config } from '../config';
import { SessionGuard } from './session.guard';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SESSION_SETTINGS, SessionsService } from './sessions.service';
import { SessionsSweeper, SWEEP_INTERVAL_MS } from './sessions.sweeper';

@Module({})
export class SessionsModule {
  static forRoot(
    config: Pick<Config, 'tokens' | 'passwordHashCost' | 'sessionSweepIntervalMs'>,
  ): DynamicModule {
    const { privateKeyPem, publicKeyPem, ...settings } = config.tokens;
    return {
      module: SessionsModule,
      controllers: [SessionsController],
      providers: [
        {
          provide: SessionTokenIssuer,
          useFactory: () => SessionTokenIssuer.fromPem(privateKeyPem, settings),
        },
        {
          provide: SessionTokenVerifier,
          useFactory: () => SessionTokenVerifier.fromPem(publicKeyPem, settings),
        },
        { provide: SESSION_SETTINGS, useValue: { passwordHashCost: config.passwordHashCost } },
        { provide: SWEEP_INTERVAL_MS, useValue: config.sessionSweepIntervalMs },
        SessionsRepository,
        SessionsService,
        SessionsSweeper,
        SessionGuard,
      ],
      exports: [SessionsService, SessionGuard],
    };
  }
}
