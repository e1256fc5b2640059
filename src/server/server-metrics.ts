import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics, in a registry of its own so that tests and two servers in one process never share counters. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requestSeconds = new Histogram({
    name: 'facetag_http_request_duration_seconds',
    help: 'HTTP request durations by route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly imagesAnalysed = new Counter({ name: 'facetag_images_analysed_total', help: 'images analysed by inference requests and scans', registers: [this.registry] });
  readonly facesFound = new Counter({ name: 'facetag_faces_found_total', help: 'faces found by inference requests and scans', registers: [this.registry] });
  readonly poolBusy = new Gauge({ name: 'facetag_pool_busy_tasks', help: 'analysis tasks running or waiting in the worker-thread pool', registers: [this.registry] });
  readonly poolThreads = new Gauge({ name: 'facetag_pool_threads', help: 'threads of the worker-thread pool', registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'facetag_queue_jobs', help: 'jobs in the distributed queue by stage and state', labelNames: ['stage', 'state'] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'facetag_' });
  }
}
