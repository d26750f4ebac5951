/**
 * Entry of the worker threads that read blocks of a large log file (text-blocks.ts). Bundled as
 * dist/text-worker.js (scripts/build.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveBlocks, type WorkerInit } from './text-blocks.js';

if (parentPort !== null) serveBlocks(parentPort, workerData as WorkerInit);
