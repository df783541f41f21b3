import { runCommand } from './run-command';

describe(runCommand.name, () => {
  let exit: jest.SpyInstance;
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    exit.mockRestore();
    stderr.mockRestore();
  });

  it('leaves the process alone when main succeeds', async () => {
    const main = jest.fn(async () => undefined);

    await runCommand(main);

    expect(main).toHaveBeenCalledTimes(1);
    expect(exit).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });

  it('prints the message of what main throws and exits with 1', async () => {
    await runCommand(async () => {
      throw new Error('SEAT_INVENTORY_DB_USER: required');
    });

    expect(stderr).toHaveBeenCalledWith('SEAT_INVENTORY_DB_USER: required\n');
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('treats a synchronous throw and a thrown non-error the same way', async () => {
    await runCommand(() => {
      throw 'no database';
    });

    expect(stderr).toHaveBeenCalledWith('no database\n');
    expect(exit).toHaveBeenCalledWith(1);
  });
});
