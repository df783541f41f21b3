import type { z } from 'zod';

/** Thrown when the platform itself is about to produce something the contracts forbid. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';

  constructor(
    /** The message type, or `envelope` for headers. */
    readonly contract: string,
    readonly reason: string,
  ) {
    super(`${contract}: ${reason}`);
  }
}

/** One line per problem, `path: message`, so a reason fits a log line or a dead-letter header. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
