import { readFileSync } from 'node:fs';

/**
 * Fills `${NAME}` placeholders in a configuration template. A placeholder without a value is an
 * error, so a typo never reaches a running broker as a literal string. `${env:...}` references are
 * left for Kafka Connect's own config provider.
 */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  const missing = new Set<string>();
  const rendered = template.replace(/\$\{([A-Za-z0-9_.]+)\}/g, (placeholder, name: string) => {
    if (!(name in values)) {
      missing.add(name);
      return placeholder;
    }
    return String(values[name]);
  });
  if (missing.size > 0) throw new Error(`template needs values for: ${[...missing].join(', ')}`);
  return rendered;
}

export function renderTemplateFile(path: string, values: Record<string, string | number>): string {
  try {
    return renderTemplate(readFileSync(path, 'utf8'), values);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
