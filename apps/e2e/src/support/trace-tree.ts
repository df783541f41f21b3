import type { ReceivedSpan } from '@platform/testing';

/** One trace's spans, navigable by parent. */
export class TraceTree {
  private readonly byId: Map<string, ReceivedSpan>;

  constructor(readonly spans: readonly ReceivedSpan[]) {
    this.byId = new Map(spans.map((span) => [span.spanId, span]));
  }

  find(predicate: (span: ReceivedSpan) => boolean): ReceivedSpan[] {
    return this.spans.filter(predicate);
  }

  /** The span and its ancestors up to the first one whose parent was not received, root first. */
  pathTo(span: ReceivedSpan): ReceivedSpan[] {
    const path = [span];
    for (let parent = this.parentOf(span); parent; parent = this.parentOf(parent)) path.unshift(parent);
    return path;
  }

  parentOf(span: ReceivedSpan): ReceivedSpan | undefined {
    return span.parentSpanId ? this.byId.get(span.parentSpanId) : undefined;
  }

  childrenOf(span: ReceivedSpan): ReceivedSpan[] {
    return this.spans.filter((candidate) => candidate.parentSpanId === span.spanId);
  }

  /** An indented outline (service, kind, name, ms after the first span) for failure messages and logs. */
  outline(): string {
    const t0 = Math.min(...this.spans.map((span) => span.startMs));
    const lines: string[] = [];
    const visit = (span: ReceivedSpan, depth: number) => {
      lines.push(
        `${'  '.repeat(depth)}${span.service} ${span.kind} "${span.name}" +${span.startMs - t0} ms (${span.endMs - span.startMs} ms)`,
      );
      for (const child of this.childrenOf(span).sort((a, b) => a.startMs - b.startMs))
        visit(child, depth + 1);
    };
    const roots = this.spans.filter((span) => !this.parentOf(span)).sort((a, b) => a.startMs - b.startMs);
    for (const root of roots) visit(root, 0);
    return lines.join('\n');
  }
}

/** The services a path passes through, each run of spans of one service counted once. */
export function servicesAlong(path: readonly ReceivedSpan[]): string[] {
  return path.map((span) => span.service).filter((service, i, all) => service !== all[i - 1]);
}
