/**
 * Kubernetes' long-running requests besides watches (BasicLongRunningRequestCheck): streams
 * whose duration is how long they lasted, not how quickly the API answered. No latency SLI of
 * API calls counts them, and apiserver_longrunning_requests counts them while they last.
 */
export const LONG_RUNNING_SUBRESOURCES: ReadonlySet<string> = new Set([
  'attach',
  'exec',
  'log',
  'portforward',
  'proxy',
]);
