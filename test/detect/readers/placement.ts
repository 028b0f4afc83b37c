/**
 * Checks that a located finding agrees with the file text it claims to come from: `text` is the
 * code points [start, end) of the file, and line/column point at `start`.
 */
import assert from 'node:assert/strict';
import type { LocatedFinding } from '../../../src/detect/readers/scan-unit.ts';

export function assertPlaced(fileText: string, f: LocatedFinding): void {
  const cps = [...fileText];
  assert.equal(
    cps.slice(f.start, f.end).join(''),
    f.text,
    'text is the file between start and end',
  );
  const lines = fileText.split('\n');
  let offset = 0;
  for (let i = 0; i < f.line - 1; i++) offset += [...lines[i]!].length + 1;
  assert.equal(offset + f.column - 1, f.start, 'line and column point at start');
}
