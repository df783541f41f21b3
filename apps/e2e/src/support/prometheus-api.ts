export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?:
    | { resultType: 'vector'; result: Sample[] }
    | { resultType: 'matrix'; result: { metric: Record<string, string> }[] }
    | { resultType: 'scalar' | 'string'; result: [number, string] };
}

/** The native stack's Prometheus through its HTTP API, as Grafana asks it. */
export class PrometheusApi {
  constructor(readonly baseUrl: string) {}

  /** The instant vector of `expr` now; a scalar answer counts as one sample without labels. */
  async query(expr: string): Promise<Sample[]> {
    const response = await fetch(`${this.baseUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await response.json()) as QueryResponse;
    if (body.status !== 'success' || !body.data)
      throw new Error(`Prometheus refused ${expr}: ${response.status} ${body.error ?? ''}`);
    const { data } = body;
    if (data.resultType === 'vector') return data.result;
    if (data.resultType === 'matrix') throw new Error(`${expr} is a range query, not an instant one`);
    return [{ metric: {}, value: data.result }];
  }

  /** Every metric name Prometheus holds samples of, from earlier service processes too. */
  async metricNames(): Promise<string[]> {
    const response = await fetch(`${this.baseUrl}/api/v1/label/__name__/values`);
    const body = (await response.json()) as { status: string; data?: string[] };
    if (body.status !== 'success' || !body.data) throw new Error(`Prometheus: ${response.status}`);
    return body.data;
  }

  /**
   * Those of `names` that a running service exposes now: an instant selector skips series whose
   * target stopped exposing them (Prometheus marks them stale), unlike a range over the last hour.
   */
  async liveMetricNames(names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const live = await this.query(`count by (__name__) ({__name__=~"${names.join('|')}"})`);
    return live.map((sample) => sample.metric.__name__ as string);
  }

  /** The jobs whose last scrape succeeded (`up` is 1). */
  async upJobs(): Promise<string[]> {
    const up = await this.query('up == 1');
    return up.map((sample) => sample.metric.job as string).sort();
  }
}
