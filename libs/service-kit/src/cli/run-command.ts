/** Runs a command-line entry point: an error it throws is printed as its message, and the process exits with 1. */
export function runCommand(main: () => Promise<void>): Promise<void> {
  return Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
