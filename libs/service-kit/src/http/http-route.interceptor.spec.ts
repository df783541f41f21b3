import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { context, ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getRPCMetadata, RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';
import { of } from 'rxjs';
import { HttpRouteInterceptor } from './http-route.interceptor';

describe(HttpRouteInterceptor.name, () => {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(contextManager));
  afterAll(() => context.disable());

  const execution = (route?: { path: string }) =>
    ({ switchToHttp: () => ({ getRequest: () => ({ route }) }) }) as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of('done') };

  function intercepted(metadata: RPCMetadata, route?: { path: string }): RPCMetadata | undefined {
    const active = setRPCMetadata(ROOT_CONTEXT, metadata);
    return context.with(active, () => {
      new HttpRouteInterceptor().intercept(execution(route), next);
      return getRPCMetadata(context.active());
    });
  }

  const span = trace.wrapSpanContext({
    traceId: '1'.repeat(32),
    spanId: '2'.repeat(16),
    traceFlags: 1,
  }) as Span;

  it("hands the matched route to the HTTP instrumentation's request metadata", () => {
    expect(intercepted({ type: RPCType.HTTP, span }, { path: '/registrations/:id' })?.route).toBe(
      '/registrations/:id',
    );
  });

  it('leaves the metadata alone when no route matched', () => {
    expect(intercepted({ type: RPCType.HTTP, span })?.route).toBeUndefined();
  });

  it('does nothing outside a traced request', () => {
    expect(() =>
      new HttpRouteInterceptor().intercept(execution({ path: '/registrations' }), next),
    ).not.toThrow();
  });
});
