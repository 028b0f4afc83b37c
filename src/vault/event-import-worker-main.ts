/**
 * The event-import worker: reads the JSONL file itself (synchronous reads — this thread does
 * nothing else), and turns it into encoded batches (event-batch-encoder.ts) that it posts to the
 * main thread, which only writes them. Parsing, validation, canonical JSON and leaf hashing thus
 * run on a second core, next to SQLite's writes (issue 4/5 target).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { BatchTreeBuilder } from '../audit/batch-tree.ts';
import { CompactRange } from '../audit/compact-range.ts';
import { InputError } from '../core/errors.ts';
import { EventBatchEncoder, LineSplitter, parseEventLine } from './event-batch-encoder.ts';
import {
  FLOW_TREE_READY,
  FLOW_WRITTEN,
  type ImportTreeStartMessage,
  type ImportWorkerData,
  type ImportWorkerMessage,
} from './event-import-worker-protocol.ts';
import { ImportTimings } from './event-import-timings.ts';

const READ_CHUNK = 1 << 20;

const data = workerData as ImportWorkerData;
const port = parentPort!;
const flow = new Int32Array(data.flow);
let posted = 0;
let tree: BatchTreeBuilder | undefined;
const timings = ImportTimings.fromEnv('worker');

function send(message: ImportWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** The tree the main thread locked (waits until it has posted it; see ImportTreeStartMessage). */
function treeBuilder(): BatchTreeBuilder {
  if (tree) return tree;
  while (Atomics.load(flow, FLOW_TREE_READY) === 0) Atomics.wait(flow, FLOW_TREE_READY, 0);
  const m = receiveMessageOnPort(port)?.message as ImportTreeStartMessage | undefined;
  if (m?.kind !== 'tree') throw new Error('expected the tree start from the main thread');
  const border = m.border.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  tree = new BatchTreeBuilder(CompactRange.restore(m.size, border));
  return tree;
}

/**
 * Posts a batch — with its tree part when the main thread asked for it (`data.buildTree`) — once
 * fewer than maxAhead are waiting to be written.
 */
function post(encoder: EventBatchEncoder): void {
  const batch = encoder.take();
  if (batch.entryCount === 0) return;
  const transfer: ArrayBuffer[] = [];
  if (data.buildTree) {
    const builder = timings.measure('wait for tree start', treeBuilder);
    const batchTree = timings.measure('tree', () => builder.extend(batch.leafHashes));
    batch.tree = batchTree;
    transfer.push(
      batchTree.nodeLevels.buffer as ArrayBuffer,
      batchTree.nodeIndexes.buffer as ArrayBuffer,
      batchTree.nodeHashes.buffer as ArrayBuffer,
    );
  }
  const waitStart = timings.start();
  for (;;) {
    const written = Atomics.load(flow, FLOW_WRITTEN);
    if (posted - written < data.maxAhead) break;
    Atomics.wait(flow, FLOW_WRITTEN, written);
  }
  timings.end('wait for writer', waitStart);
  posted++;
  transfer.push(
    batch.bytes.buffer as ArrayBuffer,
    batch.ends.buffer as ArrayBuffer,
    batch.leafHashes.buffer as ArrayBuffer,
    batch.indexText.buffer as ArrayBuffer,
    batch.indexLengths.buffer as ArrayBuffer,
  );
  send({ kind: 'batch', batch }, transfer);
}

function run(): void {
  const encoder = new EventBatchEncoder({
    file: data.file,
    source: data.source,
    batchSize: data.batchSize,
  });
  const lines = new LineSplitter((text, line) => {
    const value = parseEventLine(text, line, data.file);
    if (value !== undefined && encoder.add(value, line)) post(encoder);
    return false;
  });
  const fd = openSync(data.path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = readSync(fd, buffer, 0, READ_CHUNK, null);
      if (n === 0) break;
      lines.push(decoder.write(buffer.subarray(0, n)));
    }
    lines.push(decoder.end());
    lines.end();
  } finally {
    closeSync(fd);
  }
  post(encoder);
  send({ kind: 'done' });
  timings.report();
}

try {
  run();
} catch (err) {
  if (err instanceof InputError) {
    const prefix = InputError.format('', { file: err.file ?? data.file, line: err.line });
    const problem = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    send({ kind: 'error', input: true, problem, line: err.line });
  } else {
    send({ kind: 'error', input: false, problem: (err as Error).message, line: undefined });
  }
}
