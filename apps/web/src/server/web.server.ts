import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PageConfig } from '../config';
import type { Asset, PageAssets } from './page.bundle';

/**
 * The page's HTTP server: the bundled assets, `/config.json` (where the browser finds the API and
 * the gateway), and the health endpoints the stack waits on. GET and HEAD only.
 */
export function createWebServer(assets: PageAssets, page: PageConfig): Server {
  const config: Asset = {
    body: Buffer.from(JSON.stringify(page)),
    contentType: 'application/json',
  };
  const health: Asset = { body: Buffer.from('{"status":"ok"}'), contentType: 'application/json' };
  const routes = new Map<string, Asset>([
    ...assets,
    ['/index.html', assets.get('/') as Asset],
    ['/config.json', config],
    ['/health/live', health],
    ['/health/ready', health],
  ]);
  const csp = contentSecurityPolicy(page);

  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(
        response,
        request,
        405,
        { body: Buffer.from('method not allowed\n'), contentType: 'text/plain' },
        {
          allow: 'GET, HEAD',
        },
      );
      return;
    }
    const asset = routes.get(path);
    if (!asset) {
      send(response, request, 404, { body: Buffer.from('not found\n'), contentType: 'text/plain' });
      return;
    }
    send(response, request, 200, asset, {
      'content-security-policy': csp,
      // The bundle is rebuilt at every start under the same name, so nothing may be cached stale.
      'cache-control': 'no-cache',
    });
  });
}

/** Scripts and styles only from this server; network only to the API and the gateway. */
export function contentSecurityPolicy(page: PageConfig): string {
  const api = new URL(page.apiUrl).origin;
  const gateway = new URL(page.gatewayUrl);
  return [
    "default-src 'self'",
    `connect-src 'self' ${api} ${gateway.protocol}//${gateway.host}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function send(
  response: ServerResponse,
  request: IncomingMessage,
  status: number,
  asset: Asset,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': asset.contentType,
    'content-length': asset.body.length,
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(request.method === 'HEAD' ? undefined : asset.body);
}
