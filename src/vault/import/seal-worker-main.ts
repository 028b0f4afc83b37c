/**
 * Body of a sealing worker: opens its own KeyRing from the records and master key it was given,
 * then validates and seals batches of file rows (row-batch.ts, customer-sealer.ts) on request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../core/errors.ts';
import { BlindIndex } from '../../protect/blind-index.ts';
import { FieldCipher } from '../../protect/field-cipher.ts';
import { KeyRing } from '../../protect/key-ring.ts';
import { sealCustomer } from '../customer-sealer.ts';
import { CustomerRowValidator } from './customer-row-validator.ts';
import { sealRowBatch } from './row-batch.ts';
import {
  packSealed,
  type SealRequest,
  type SealResponse,
  type SealWorkerData,
} from './seal-worker-protocol.ts';

const data = workerData as SealWorkerData;
const master = Buffer.from(data.masterKey);
const ring = await KeyRing.open({ getMasterKey: async () => master }, data.records);
master.fill(0);
const keys = { ring, cipher: new FieldCipher(ring), blindIndex: BlindIndex.fromKeyRing(ring) };
const { file, mapping, headers, today } = data.validation;
// Uniqueness of ids is the main thread's (it sees every row); this worker sees some batches.
const validator = new CustomerRowValidator(file, mapping, headers, new Date(today), {
  unique: false,
});
const port = parentPort!;

port.on('message', (request: SealRequest) => {
  let response: SealResponse;
  try {
    const { batch } = request;
    // JSON lines: keys first seen after the sample name their extras (the validator reads
    // this array at every row).
    if (batch.headers) headers.splice(0, headers.length, ...batch.headers);
    const sealed = sealRowBatch(validator, file, batch, (r, v) => sealCustomer(keys, r, v));
    if (!Array.isArray(sealed)) {
      port.postMessage({
        id: request.id,
        error: sealed.problem,
        input: true,
        line: sealed.line,
      } satisfies SealResponse);
      return;
    }
    const packed = packSealed(sealed);
    port.postMessage({ id: request.id, packed } satisfies SealResponse, [
      packed.buffer,
      packed.lengths.buffer as ArrayBuffer,
    ]);
    return;
  } catch (err) {
    response = {
      id: request.id,
      error: err instanceof Error ? err.message : String(err),
      input: err instanceof InputError,
    };
  }
  port.postMessage(response);
});
port.postMessage({ ready: true } satisfies SealResponse);
