import { replayable } from './resume.policy';

const partition = { epoch: 'topic-a:3', start: 100n, end: 250n };

describe('resume policy', () => {
  it('replays a position of the same epoch that the log still covers', () => {
    expect(replayable(partition, { epoch: 'topic-a:3', offset: '100' })).toBe(true);
    expect(replayable(partition, { epoch: 'topic-a:3', offset: '250' })).toBe(true);
  });

  it('sends a snapshot when the events after the position were deleted', () => {
    expect(replayable(partition, { epoch: 'topic-a:3', offset: '99' })).toBe(false);
  });

  it('sends a snapshot for another epoch or a position past the end', () => {
    expect(replayable(partition, { epoch: 'topic-b:3', offset: '120' })).toBe(false);
    expect(replayable(partition, { epoch: 'topic-a:4', offset: '120' })).toBe(false);
    expect(replayable(partition, { epoch: 'topic-a:3', offset: '251' })).toBe(false);
  });
});
