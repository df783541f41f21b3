import { originAllowed, selectProtocol, tokenOf } from './handshake';

describe('handshake', () => {
  it('takes the token from the bearer subprotocol first', () => {
    const request = {
      url: '/ws?access_token=from-query',
      headers: { 'sec-websocket-protocol': 'course-platform.v1, bearer.abc.def.ghi' },
    };
    expect(tokenOf(request)).toBe('abc.def.ghi');
  });

  it('falls back to ?access_token=', () => {
    expect(tokenOf({ url: '/ws?access_token=xyz', headers: {} })).toBe('xyz');
    expect(tokenOf({ url: '/ws', headers: {} })).toBeUndefined();
  });

  it('allows listed origins and requests without one', () => {
    const allowed = ['http://localhost:3000'];
    expect(originAllowed({ headers: { origin: 'http://localhost:3000' } }, allowed)).toBe(true);
    expect(originAllowed({ headers: { origin: 'https://evil.example' } }, allowed)).toBe(false);
    expect(originAllowed({ headers: {} }, allowed)).toBe(true);
  });

  it('answers with course-platform.v1 only', () => {
    expect(selectProtocol(new Set(['course-platform.v1', 'bearer.x']))).toBe('course-platform.v1');
    expect(selectProtocol(new Set(['bearer.x']))).toBe(false);
  });
});
