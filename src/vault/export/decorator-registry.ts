/**
 * Where export decorators (src/vault/export-decorator.ts) register: trace's canary and mark
 * decorators call {@link registerExportDecorator} when their module loads; the gateway hands
 * every export's rows to each registered decorator, in registration order, inside the export's
 * transaction. A gateway built with an explicit `decorators` list ignores the registry.
 */
import type { ExportDecorator } from '../export-decorator.ts';

const registered: ExportDecorator[] = [];

/**
 * Adds a decorator (replacing one with the same name).
 *
 * @example
 * registerExportDecorator(new CanaryDecorator(...));
 */
export function registerExportDecorator(decorator: ExportDecorator): void {
  const i = registered.findIndex((d) => d.name === decorator.name);
  if (i >= 0) registered[i] = decorator;
  else registered.push(decorator);
}

/**
 * Removes a decorator by name (tests).
 *
 * @example
 * unregisterExportDecorator('canaries');
 */
export function unregisterExportDecorator(name: string): void {
  const i = registered.findIndex((d) => d.name === name);
  if (i >= 0) registered.splice(i, 1);
}

/**
 * The registered decorators, in order.
 *
 * @example
 * const decorators = registeredExportDecorators();
 */
export function registeredExportDecorators(): readonly ExportDecorator[] {
  return [...registered];
}
