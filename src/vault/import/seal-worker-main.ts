/**
 * Body of a sealing worker: opens its own KeyRing from the records and master key it was given,
 * then seals batches of customer records (customer-sealer.ts) on request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../core/errors.ts';
import { BlindIndex } from '../../protect/blind-index.ts';
import { FieldCipher } from '../../protect/field-cipher.ts';
import { KeyRing } from '../../protect/key-ring.ts';
import { sealCustomer } from '../customer-sealer.ts';
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
const port = parentPort!;

port.on('message', (request: SealRequest) => {
  let response: SealResponse;
  try {
    const sealed = request.records.map((r, i) =>
      sealCustomer(keys, r, request.keyVersions[i] ?? 1),
    );
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
