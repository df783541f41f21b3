import type { SourceChannel, SubscriptionChannel } from '@platform/contracts';

/** What one subscription covers, resolved once at subscribe time. */
export type SubscriptionScope =
  | { kind: 'all-modules' }
  | { kind: 'module'; moduleId: string }
  | { kind: 'module-pattern'; pattern: RegExp }
  | { kind: 'student'; studentId: string };

/** `registrations:me` is the caller's student from the verified token, never anything the client sent. */
export function scopeOf(channel: SubscriptionChannel, studentId: string): SubscriptionScope {
  if (channel === 'modules') return { kind: 'all-modules' };
  if (channel === 'registrations:me') return { kind: 'student', studentId };
  const moduleId = channel.slice('modules:'.length);
  if (!moduleId.includes('*')) return { kind: 'module', moduleId };
  if (/^\*+$/.test(moduleId)) return { kind: 'all-modules' };
  const source = moduleId
    .split('*')
    .map((part) => part.replace(/[.\\+?^${}()|[\]-]/g, '\\$&'))
    .join('.*');
  return { kind: 'module-pattern', pattern: new RegExp(`^${source}$`) };
}

export function parseSourceChannel(channel: string): { kind: 'module' | 'student'; id: string } | undefined {
  const separator = channel.indexOf(':');
  const kind = channel.slice(0, separator);
  if (separator < 0 || (kind !== 'module' && kind !== 'student')) return undefined;
  return { kind, id: channel.slice(separator + 1) };
}

export function scopeCovers(scope: SubscriptionScope, channel: SourceChannel | string): boolean {
  const source = parseSourceChannel(channel);
  if (!source) return false;
  switch (scope.kind) {
    case 'all-modules':
      return source.kind === 'module';
    case 'module':
      return source.kind === 'module' && source.id === scope.moduleId;
    case 'module-pattern':
      return source.kind === 'module' && scope.pattern.test(source.id);
    case 'student':
      return source.kind === 'student' && source.id === scope.studentId;
  }
}

/** The one source channel a scope covers, when it covers exactly one. */
export function singleChannelOf(scope: SubscriptionScope): string | undefined {
  if (scope.kind === 'module') return `module:${scope.moduleId}`;
  if (scope.kind === 'student') return `student:${scope.studentId}`;
  return undefined;
}
