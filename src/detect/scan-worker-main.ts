/**
 * Body of a scan worker thread: receives units, scans them, posts back located findings.
 * Protocol: `workerData` holds the UnitScanSettings; each message in is `{ id, unit }`, each
 * message out is `{ id, packed }` (PackedFindings, its numbers transferred) or `{ id, error }`
 * (an error message without any text from the unit, which may be personal data).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ScanUnit } from './readers/scan-unit.ts';
import { packFindings } from './scan-worker-protocol.ts';
import { loadRegistry, scanUnit, type UnitScanSettings } from './unit-scanner.ts';

const settings = workerData as UnitScanSettings;
const registry = await loadRegistry(settings);
const port = parentPort!;

port.on('message', (msg: { id: number; unit: ScanUnit }) => {
  try {
    const packed = packFindings(scanUnit(msg.unit, settings, registry));
    port.postMessage({ id: msg.id, packed }, [packed.numbers.buffer]);
  } catch (err) {
    port.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
port.postMessage({ ready: true });
