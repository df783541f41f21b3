import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { MESSAGE_HANDLER_METADATA } from './message-handler.decorator';

export type BoundHandler = (data: unknown, context: unknown) => Promise<void>;

/** Finds every `@EventHandler` / `@CommandHandler` method among the application's providers. */
@Injectable()
export class HandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  handlers(): Map<string, BoundHandler> {
    const handlers = new Map<string, BoundHandler>();
    const owners = new Map<string, string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName];
        if (typeof method !== 'function') continue;
        const type = this.reflector.get<string | undefined>(MESSAGE_HANDLER_METADATA, method);
        if (!type) continue;
        const owner = `${instance.constructor.name}.${methodName}`;
        const previous = owners.get(type);
        if (previous) throw new Error(`two handlers for ${type}: ${previous} and ${owner}`);
        owners.set(type, owner);
        handlers.set(type, (data, context) => Promise.resolve(method.call(instance, data, context)));
      }
    }
    return handlers;
  }
}
