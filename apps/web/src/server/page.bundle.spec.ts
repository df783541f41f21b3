import { buildPageAssets } from './page.bundle';

describe(buildPageAssets.name, () => {
  it('bundles the browser code into memory next to the page and stylesheet it links', async () => {
    const assets = await buildPageAssets();

    expect([...assets.keys()].sort()).toEqual(['/', '/app.js', '/app.js.map', '/styles.css']);
    const html = assets.get('/')?.body.toString('utf8') ?? '';
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).toContain('href="/styles.css"');
    expect(assets.get('/app.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.get('/app.js')?.body.toString('utf8')).toContain('sourceMappingURL=app.js.map');
  }, 30_000);
});
