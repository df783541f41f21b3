import { MAX_RESUME_POSITIONS, resumePositions } from './subscription.registry';

const position = (offset: number) => ({
  epoch: '2f0c9a3e-7d1b-4b8e-9f52-0c6d1e8a7b43:3',
  offset: String(offset),
});

describe(resumePositions.name, () => {
  it('resumes every source channel the subscription covers', () => {
    const positions = {
      'module:CS101': position(4),
      'module:MA110': position(9),
      'student:alice': position(2),
    };
    expect(resumePositions('modules', positions)).toEqual({
      'module:CS101': position(4),
      'module:MA110': position(9),
    });
    expect(resumePositions('modules:CS*', positions)).toEqual({ 'module:CS101': position(4) });
    expect(resumePositions('registrations:me', positions)).toEqual({ 'student:alice': position(2) });
  });

  it('asks for a snapshot instead when the positions would not fit in one frame', () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_RESUME_POSITIONS + 1 }, (_, i) => [`module:M${i}`, position(i)]),
    );
    expect(resumePositions('modules', many)).toBeUndefined();
    const frame = JSON.stringify({
      op: 'subscribe',
      id: 'r1',
      channel: 'modules',
      resume: resumePositions(
        'modules',
        Object.fromEntries(Object.entries(many).slice(0, MAX_RESUME_POSITIONS)),
      ),
    });
    // The gateway's default limit for one client frame is 16 KiB.
    expect(Buffer.byteLength(frame)).toBeLessThan(16 * 1024);
  });
});
