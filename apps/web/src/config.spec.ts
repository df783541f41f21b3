import { loadConfig } from './config';

describe(loadConfig.name, () => {
  it('fills the local stack defaults', () => {
    expect(loadConfig({})).toEqual({
      httpPort: 3000,
      page: { apiUrl: 'http://localhost:3001', gatewayUrl: 'ws://localhost:3006/ws' },
    });
  });

  it('drops a trailing slash from the API URL', () => {
    expect(loadConfig({ API_URL: 'https://api.example.org/' }).page.apiUrl).toBe('https://api.example.org');
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ HTTP_PORT: 'x', API_URL: 'ws://nope', GATEWAY_URL: 'http://nope' })).toThrow(
      /HTTP_PORT[\s\S]*API_URL[\s\S]*GATEWAY_URL/,
    );
  });
});
