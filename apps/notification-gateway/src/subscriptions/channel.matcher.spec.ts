import { scopeCovers, scopeOf, singleChannelOf } from './channel.matcher';

describe('channel matching', () => {
  it('modules covers every module channel and no student channel', () => {
    const scope = scopeOf('modules', 's-1');
    expect(scopeCovers(scope, 'module:CS101')).toBe(true);
    expect(scopeCovers(scope, 'student:s-1')).toBe(false);
  });

  it('modules:<id> covers exactly that module', () => {
    const scope = scopeOf('modules:CS101', 's-1');
    expect(scopeCovers(scope, 'module:CS101')).toBe(true);
    expect(scopeCovers(scope, 'module:CS1010')).toBe(false);
    expect(singleChannelOf(scope)).toBe('module:CS101');
  });

  it('patterns match * as any run of characters and the rest literally', () => {
    const scope = scopeOf('modules:CS.1*', 's-1');
    expect(scopeCovers(scope, 'module:CS.1')).toBe(true);
    expect(scopeCovers(scope, 'module:CS.101')).toBe(true);
    expect(scopeCovers(scope, 'module:CSX101')).toBe(false);
    expect(scopeCovers(scopeOf('modules:*-b', 's'), 'module:a-b')).toBe(true);
    expect(scopeCovers(scopeOf('modules:*-b', 's'), 'module:a-bc')).toBe(false);
    expect(scopeOf('modules:*', 's')).toEqual({ kind: 'all-modules' });
  });

  it('registrations:me is the token student, whatever else exists', () => {
    const scope = scopeOf('registrations:me', 's-1');
    expect(scopeCovers(scope, 'student:s-1')).toBe(true);
    expect(scopeCovers(scope, 'student:s-2')).toBe(false);
    expect(scopeCovers(scope, 'module:s-1')).toBe(false);
    expect(singleChannelOf(scope)).toBe('student:s-1');
  });
});
