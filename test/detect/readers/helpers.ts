/** Shared helpers for reader tests: feed text in pieces, scan units with the fixture registry. */
import type { LocatedFinding, ScanUnit } from '../../../src/detect/readers/scan-unit.ts';
import { scanUnit } from '../../../src/detect/unit-scanner.ts';
import { fixtureRegistry } from './fixture-registry.ts';

/** The text as an async stream of pieces of `size` UTF-16 units. */
export async function* textPieces(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** All units of a reader, collected. */
export async function collect(units: AsyncIterable<ScanUnit>): Promise<ScanUnit[]> {
  const out: ScanUnit[] = [];
  for await (const u of units) out.push(u);
  return out;
}

/** Findings of all units with the fixture registry, in order. */
export function scanAll(units: readonly ScanUnit[]): LocatedFinding[] {
  const registry = fixtureRegistry();
  return units.flatMap((u) => scanUnit(u, {}, registry));
}
