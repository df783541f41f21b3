import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HandlerDiscovery } from './handler-discovery';
import { MessageConsumerHost } from './message-consumer.host';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';

/**
 * The messaging runtime for a NestJS service: finds the `@EventHandler` / `@CommandHandler`
 * methods, consumes the service's topics with the key-ordered consumer, and drains on shutdown.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, HandlerDiscovery, MessageConsumerHost],
      exports: [MessageConsumerHost],
    };
  }
}
