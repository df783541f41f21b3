import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { CommandHandler, EventHandler } from './message-handler.decorator';
import { HandlerDiscovery } from './handler-discovery';

@Injectable()
class SeatHandlers {
  readonly seen: unknown[] = [];

  @EventHandler('SeatReserved')
  async onSeatReserved(data: unknown, context: unknown): Promise<void> {
    this.seen.push(['SeatReserved', data, context]);
  }

  @CommandHandler('ReserveSeat')
  async onReserveSeat(data: unknown): Promise<void> {
    this.seen.push(['ReserveSeat', data]);
  }

  notAHandler(): void {}
}

@Injectable()
class DuplicateHandlers {
  @EventHandler('SeatReserved')
  async onSeatReservedAgain(): Promise<void> {}
}

async function discover(providers: unknown[]) {
  @Module({ imports: [DiscoveryModule], providers: [HandlerDiscovery, ...(providers as [])] })
  class TestModule {}
  const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
  return { app, discovery: app.get(HandlerDiscovery) };
}

describe(HandlerDiscovery.name, () => {
  it('binds each decorated method to its message type, on the provider instance', async () => {
    const { app, discovery } = await discover([SeatHandlers]);
    const handlers = discovery.handlers();

    expect([...handlers.keys()].sort()).toEqual(['ReserveSeat', 'SeatReserved']);
    await handlers.get('SeatReserved')!({ moduleId: 'M1' }, { offset: '1' });
    expect(app.get(SeatHandlers).seen).toEqual([['SeatReserved', { moduleId: 'M1' }, { offset: '1' }]]);
    await app.close();
  });

  it('refuses two handlers for one message type, naming both', async () => {
    const { app, discovery } = await discover([SeatHandlers, DuplicateHandlers]);
    expect(() => discovery.handlers()).toThrow(
      'two handlers for SeatReserved: SeatHandlers.onSeatReserved and DuplicateHandlers.onSeatReservedAgain',
    );
    await app.close();
  });
});
