import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

export function lastLines(file: string, count: number): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.slice(-count).join('\n');
}

const tailBytes = 64 * 1024;

/**
 * The last lines written to a log after `offset` (its size when a process started), so another
 * run's output is not mistaken for this one's. Reads only the end of a long log.
 */
export function lastLinesSince(file: string, offset: number, count: number): string[] {
  const size = logSize(file);
  const start = Math.max(offset, size - tailBytes);
  if (size <= start) return [];
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8').trimEnd();
  if (!text) return [];
  const lines = text.split('\n');
  // Started inside a line when the tail was cut short: that first line is only a fragment.
  if (start > offset) lines.shift();
  return lines.slice(-count);
}

export function logSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}
