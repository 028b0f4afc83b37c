/**
 * The synthetic organisation (`piguard sim`, issue 5): an insurer's customers and staff, months of
 * access events with injected insiders and benign surprises, leaked lists and complaints, and the
 * truth about all of it. For the demo, for acceptance tests of watch and trace (in memory), and
 * for benchmarks (streamed to files).
 *
 * @example
 * import { createOrganisation, simulateEvents } from '../sim/index.ts';
 * const org = createOrganisation({ customers: 5000, staff: 100, months: 6, seed: 7 });
 * for (const events of simulateEvents(org)) {
 *   // one array per day, time-ordered AccessEvents (DESIGN §5.3)
 * }
 * const exfiltrators = org.truth.scenarios.filter((s) => s.kind === 'slow_exfiltration');
 */
export type {
  LeakSource,
  ScenarioKind,
  ScenarioParams,
  SimComplaint,
  SimComplaintsTruth,
  SimCustomer,
  SimDay,
  SimFiles,
  SimLeak,
  SimLeakTruth,
  SimOptions,
  SimOrganisation,
  SimRole,
  SimScenario,
  SimStaff,
  SimTruth,
  WriteOptions,
} from './types.ts';
export { BENIGN_SCENARIOS, MALICIOUS_SCENARIOS, SCENARIO_KINDS, SIM_ROLES } from './types.ts';
export { createOrganisation } from './organisation.ts';
export { simulateDays, simulateEvents } from './event-stream.ts';
export { writeOrganisation } from './writer.ts';
export { ROLE_TITLES } from './staff.ts';
export { isHoliday, isWorkday, dayKind } from './calendar.ts';
