/**
 * Scans one unit and places its findings in the file. The same code runs on the main thread and
 * in worker threads, so results do not depend on where a unit was scanned.
 */
import type { EntityType } from '../core/entity-types.ts';
import { locateFindings, type LocatedFinding, type ScanUnit } from './readers/scan-unit.ts';
import { RecognizerRegistry } from './registry.ts';
import { scanText } from './text-scanner.ts';

/** What a scan needs besides the text; plain data so it can be sent to workers. */
export interface UnitScanSettings {
  types?: readonly EntityType[];
  minScore?: number;
  /**
   * URL or path of a module whose default export is a RecognizerRegistry (or a function
   * returning one), used instead of the built-in registry — how workers get a custom registry.
   */
  registryModule?: string;
}

/**
 * Loads the registry a settings object names, or undefined for the built-in one.
 *
 * @example
 * const registry = await loadRegistry({ registryModule: pathToFileURL('my-registry.ts').href });
 */
export async function loadRegistry(
  settings: UnitScanSettings,
): Promise<RecognizerRegistry | undefined> {
  if (!settings.registryModule) return undefined;
  const mod = (await import(settings.registryModule)) as { default?: unknown };
  const exported =
    typeof mod.default === 'function' ? (mod.default as () => unknown)() : mod.default;
  if (!(exported instanceof RecognizerRegistry)) {
    throw new Error(`${settings.registryModule}: default export is not a RecognizerRegistry`);
  }
  return exported;
}

/**
 * Scans a unit's text and returns its findings placed in the file, sorted by offset.
 *
 * @example
 * scanUnit({ path: 'a.txt', text: '手机 13800138000', base: { offset: 0, line: 1, column: 1 } }, {})
 */
export function scanUnit(
  unit: ScanUnit,
  settings: UnitScanSettings,
  registry?: RecognizerRegistry,
): LocatedFinding[] {
  const findings = scanText(unit.text, {
    ...(settings.types ? { types: settings.types } : {}),
    ...(settings.minScore !== undefined ? { minScore: settings.minScore } : {}),
    ...(registry ? { registry } : {}),
  });
  return locateFindings(unit, findings);
}
