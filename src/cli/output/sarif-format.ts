/**
 * `scan --format sarif`: SARIF 2.1.0 (OASIS) for CI gates and code-scanning dashboards. One rule
 * per entity type; one result per finding with its region. Messages carry masked values only:
 * SARIF files are uploaded to build servers and must not spread what they report.
 */
import { ENTITY_TYPES, type EntityType } from '../../core/entity-types.ts';
import type { LocatedFinding } from '../../detect/readers/scan-unit.ts';
import { maskByType } from '../../protect/masking.ts';

/** The SARIF version and the schema that describes it. */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** What each rule says, in one sentence. */
const RULE_TEXT: Record<EntityType, string> = {
  CN_RESIDENT_ID: 'Chinese resident identity card number (GB 11643)',
  PHONE_NUMBER: 'Telephone number',
  BANK_CARD: 'Bank card number',
  EMAIL_ADDRESS: 'E-mail address',
  CN_USCC: 'Unified social credit code (GB 32100)',
  PASSPORT: 'Passport number',
  CN_HMT_PERMIT: 'Hong Kong, Macau or Taiwan travel permit number',
  PERSON_NAME: 'Person name',
  ADDRESS: 'Postal address',
  DATE_OF_BIRTH: 'Date of birth',
  IP_ADDRESS: 'IP address',
  LICENSE_PLATE: 'Vehicle licence plate',
  QQ_NUMBER: 'QQ number',
  WECHAT_ID: 'WeChat ID',
};

/** URI reference for a path as the user gave it (forward slashes, percent-encoded). */
function artifactUri(path: string): string {
  return encodeURI(path.replace(/\\/g, '/'));
}

/**
 * A complete SARIF log for the findings. Columns are counted in Unicode code points, as piguard
 * counts them everywhere, and the run says so (`columnKind`).
 *
 * @example
 * JSON.stringify(buildSarifLog(findings, { version: '0.1.0' }))
 */
export function buildSarifLog(
  findings: readonly LocatedFinding[],
  options: { version: string; types?: readonly EntityType[] },
): object {
  const types = ENTITY_TYPES.filter((t) => !options.types || options.types.includes(t));
  const ruleIndex = new Map(types.map((t, i) => [t, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'piguard',
            version: options.version,
            rules: types.map((t) => ({
              id: t,
              name: t
                .toLowerCase()
                .replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase()),
              shortDescription: { text: RULE_TEXT[t] },
              defaultConfiguration: { level: 'warning' },
            })),
          },
        },
        columnKind: 'unicodeCodePoints',
        results: findings.map((f) => ({
          ruleId: f.type,
          ruleIndex: ruleIndex.get(f.type) ?? -1,
          level: 'warning',
          message: {
            text: `${RULE_TEXT[f.type]} found: ${maskByType(f.type, f.text).replace(/[\r\n]+/g, ' ')} (score ${f.score})`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(f.path) },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  endLine: f.endLine,
                  endColumn: f.endColumn,
                  charOffset: f.start,
                  charLength: f.end - f.start,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
