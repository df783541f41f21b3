/** `$from, $from+1, …` placeholders for `count` values. */
export function placeholders(count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');
}

/** How many columns a comma-separated column list names. */
export function columnCount(columns: string): number {
  return columns.split(',').length;
}
