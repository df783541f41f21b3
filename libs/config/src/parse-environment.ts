import type { z } from 'zod';

/** A configuration that failed validation; the message names every bad variable at once. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';

  constructor(
    readonly component: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${component} configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Every issue as `NAME: what is wrong`, in schema order. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Validates the environment (or any record) once, failing with every problem rather than the first. */
export function parseEnvironment<S extends z.ZodType>(
  component: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(component, describeIssues(parsed.error));
  return parsed.data;
}
