// HTTP load with autocannon. The load generator runs in a worker thread so that it does not share the
// server's event loop (the server runs in this process's main thread).
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

export async function runLoad(options: { url: string; headers: Record<string, string>; connections: number; seconds: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'GET',
    headers: options.headers,
    connections: options.connections,
    duration: options.seconds,
    workers: 1,
  });
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
}
