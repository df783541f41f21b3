import { existsSync, readFileSync } from 'node:fs';

export function lastLines(file: string, count: number): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.slice(-count).join('\n');
}
