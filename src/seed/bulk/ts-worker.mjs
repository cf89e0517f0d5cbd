// Starts a worker thread on a TypeScript module (workerData.entry, a file URL) through tsx, as
// `node --import tsx` does for the main thread: a worker thread does not inherit tsx's loader hooks.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
