/**
 * `scan --format jsonl`: one JSON object per finding, keys exactly and in the order DESIGN §5.2
 * fixes — tools downstream parse this, so nothing is added or reordered.
 */
import type { LocatedFinding } from '../../detect/readers/scan-unit.ts';

/**
 * One finding as a JSON line (without the line break).
 *
 * @example
 * formatFindingJsonl(f)
 * // '{"path":"a.txt","line":1,"column":4,"start":3,"end":14,"type":"PHONE_NUMBER","text":"…","score":0.95}'
 */
export function formatFindingJsonl(f: LocatedFinding): string {
  // Built by hand (only strings need escaping): this runs once per finding on large scans, and
  // consecutive findings nearly always share their path, so its escaped form is kept.
  if (f.path !== lastPath) {
    lastPath = f.path;
    lastPathJson = JSON.stringify(f.path);
  }
  return `{"path":${lastPathJson},"line":${f.line},"column":${f.column},"start":${f.start},"end":${f.end},"type":"${f.type}","text":${JSON.stringify(f.text)},"score":${f.score}}`;
}

let lastPath: string | undefined;
let lastPathJson = '';
