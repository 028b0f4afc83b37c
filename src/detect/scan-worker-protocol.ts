/**
 * How scan workers send findings back: packed into one number array (transferred, not copied)
 * and one string, instead of an array of objects. Structured cloning of objects goes through a
 * generic per-property path, and on PI-dense text (a finding every ~100 bytes) reading the clones
 * on the main thread cost more than everything else it does; unpacking numbers is cheap.
 */
import { ENTITY_TYPES, type EntityType } from '../core/entity-types.ts';
import type { LocatedFinding } from './readers/scan-unit.ts';

/** Numbers per finding in {@link PackedFindings.numbers}. */
const FIELDS = 9;

/** Findings of one unit, as posted by a worker; the path is the unit's, known to the pool. */
export interface PackedFindings {
  /**
   * Per finding: line, column, start, end, endLine, endColumn, score, index of the type in
   * ENTITY_TYPES, UTF-16 length of its text in `texts`.
   */
  numbers: Float64Array<ArrayBuffer>;
  /** The findings' texts, one after the other. */
  texts: string;
}

/**
 * Packs a unit's findings for posting; transfer `numbers.buffer`.
 *
 * @example
 * const packed = packFindings(scanUnit(unit, settings));
 * port.postMessage({ id, packed }, [packed.numbers.buffer]);
 */
export function packFindings(findings: readonly LocatedFinding[]): PackedFindings {
  const numbers = new Float64Array(findings.length * FIELDS);
  const texts: string[] = [];
  let k = 0;
  for (const f of findings) {
    numbers[k++] = f.line;
    numbers[k++] = f.column;
    numbers[k++] = f.start;
    numbers[k++] = f.end;
    numbers[k++] = f.endLine;
    numbers[k++] = f.endColumn;
    numbers[k++] = f.score;
    numbers[k++] = TYPE_INDEX.get(f.type)!;
    numbers[k++] = f.text.length;
    texts.push(f.text);
  }
  return { numbers, texts: texts.join('') };
}

/**
 * The findings {@link packFindings} packed, placed in the file at `path`.
 *
 * @example
 * unpackFindings(msg.packed, job.unit.path)
 */
export function unpackFindings(packed: PackedFindings, path: string): LocatedFinding[] {
  const { numbers, texts } = packed;
  const out: LocatedFinding[] = [];
  let at = 0;
  for (let k = 0; k < numbers.length; k += FIELDS) {
    const length = numbers[k + 8]!;
    out.push({
      path,
      line: numbers[k]!,
      column: numbers[k + 1]!,
      start: numbers[k + 2]!,
      end: numbers[k + 3]!,
      type: ENTITY_TYPES[numbers[k + 7]!] as EntityType,
      text: texts.slice(at, at + length),
      score: numbers[k + 6]!,
      endLine: numbers[k + 4]!,
      endColumn: numbers[k + 5]!,
    });
    at += length;
  }
  return out;
}

const TYPE_INDEX: ReadonlyMap<EntityType, number> = new Map(ENTITY_TYPES.map((t, i) => [t, i]));
