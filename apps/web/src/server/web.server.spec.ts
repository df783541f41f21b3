import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { contentSecurityPolicy, createWebServer } from './web.server';

describe(createWebServer.name, () => {
  const page = { apiUrl: 'http://localhost:3001', gatewayUrl: 'ws://localhost:3006/ws' };
  const assets = new Map([
    [
      '/',
      { body: Buffer.from('<!doctype html><title>page</title>'), contentType: 'text/html; charset=utf-8' },
    ],
    ['/app.js', { body: Buffer.from('console.log(1)'), contentType: 'text/javascript; charset=utf-8' }],
  ]);
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createWebServer(assets, page);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the page and its script with a content security policy', async () => {
    const html = await fetch(`${base}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<title>page</title>');
    expect(html.headers.get('content-security-policy')).toBe(contentSecurityPolicy(page));
    const script = await fetch(`${base}/app.js?v=1`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('serves where the API and the gateway are', async () => {
    const response = await fetch(`${base}/config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(page);
  });

  it('answers the health checks', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });

  it('answers 404 to an unknown path and 405 to a POST', async () => {
    expect((await fetch(`${base}/nope.js`)).status).toBe(404);
    const post = await fetch(`${base}/config.json`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('lets the page reach only the API and the gateway', () => {
    expect(contentSecurityPolicy(page)).toContain(
      "connect-src 'self' http://localhost:3001 ws://localhost:3006",
    );
  });
});
