/**
 * `createOrganisation`: options resolved and checked, staff and customers built, scenarios planned,
 * leaked lists and complaints made, the truth assembled. Events are not simulated here — they
 * stream from {@link simulateEvents}.
 */
import { UsageError } from '../core/errors.ts';
import { BRANCHES } from './catalogue.ts';
import { addMonths, dateOfDay, dayNumber } from './calendar.ts';
import { buildComplaints } from './complaints.ts';
import { buildCustomers, customerRecord, type CustomerModel } from './customers.ts';
import { buildLeaks } from './leaks.ts';
import { planScenarios, type ScenarioPlan } from './scenario-plan.ts';
import { buildStaff, type StaffModel } from './staff.ts';
import {
  SCENARIO_KINDS,
  type ScenarioKind,
  type SimComplaint,
  type SimCustomer,
  type SimLeak,
  type SimOptions,
  type SimOrganisation,
  type SimStaff,
  type SimTruth,
} from './types.ts';

type ResolvedOptions = SimOrganisation['options'];

/**
 * Checks and completes options; bad values are usage errors (exit 2).
 *
 * @example
 * resolveOptions({ staff: 2000 }).customers // 20000
 */
export function resolveOptions(options: SimOptions = {}): ResolvedOptions {
  const int = (
    name: string,
    v: number | undefined,
    def: number,
    min: number,
    max: number,
  ): number => {
    const x = v ?? def;
    if (!Number.isInteger(x) || x < min || x > max) {
      throw new UsageError(`--${name}: must be a whole number from ${min} to ${max}`);
    }
    return x;
  };
  const start = options.start ?? '2025-01-01';
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(start) ||
    !Number.isFinite(dayNumber(start)) ||
    dateOfDay(dayNumber(start)) !== start
  ) {
    throw new UsageError('--start: must be a date YYYY-MM-DD');
  }
  const kinds = options.scenarios ?? SCENARIO_KINDS;
  for (const k of kinds) {
    if (!(SCENARIO_KINDS as readonly string[]).includes(k)) {
      throw new UsageError(
        `--scenarios: unknown scenario "${k}" (known: ${SCENARIO_KINDS.join(', ')})`,
      );
    }
  }
  const extra = options.exfiltratorExtraPerDay ?? ([80, 150] as const);
  const extraOk = (x: number): boolean => Number.isInteger(x) && x >= 1 && x <= 100_000;
  if (
    typeof extra === 'number'
      ? !extraOk(extra)
      : !(extraOk(extra[0]) && extraOk(extra[1]) && extra[0] <= extra[1])
  ) {
    throw new UsageError('--extra-per-day: must be a whole number (or range) from 1 to 100000');
  }
  for (const [k, n] of Object.entries(options.scenarioCounts ?? {})) {
    if (!(SCENARIO_KINDS as readonly string[]).includes(k) || !Number.isInteger(n) || n < 0) {
      throw new UsageError(`scenario count for "${k}" must be a whole number ≥ 0`);
    }
  }
  return {
    customers: int('customers', options.customers, 20_000, 10, 20_000_000),
    staff: int('staff', options.staff, 200, 20, 100_000),
    months: int('months', options.months, 18, 1, 120),
    seed: int('seed', options.seed, 1, 0, 2 ** 32 - 1),
    start,
    exfiltratorExtraPerDay: extra,
    scenarios: [...kinds] as ScenarioKind[],
    scenarioCounts: { ...options.scenarioCounts },
    earlyInsiders: int('early-insiders', options.earlyInsiders, 0, 0, 1_000),
  };
}

/**
 * The organisation with its internal models (what the simulator and writer use).
 *
 * @example
 * new Organisation(resolveOptions({ seed: 2 })).plan.scenarios
 */
export class Organisation implements SimOrganisation {
  readonly options: ResolvedOptions;
  readonly staff: readonly SimStaff[];
  readonly truth: SimTruth;
  readonly leaks: readonly SimLeak[];
  readonly complaints: readonly SimComplaint[];
  readonly days: readonly string[];
  readonly firstDay: number;
  readonly staffModel: StaffModel;
  readonly customerModel: CustomerModel;
  readonly plan: ScenarioPlan;
  #customers: SimCustomer[] | undefined;

  constructor(options: ResolvedOptions) {
    this.options = options;
    const { seed } = options;
    this.firstDay = dayNumber(options.start);
    const lastDay = dayNumber(addMonths(options.start, options.months)) - 1;
    const dayCount = lastDay - this.firstDay + 1;
    this.days = Array.from({ length: dayCount }, (_, d) => dateOfDay(this.firstDay + d));
    this.staffModel = buildStaff(seed, options.staff, this.firstDay, lastDay);
    this.customerModel = buildCustomers(
      seed,
      options.customers,
      this.staffModel,
      this.firstDay,
      lastDay,
    );
    this.plan = planScenarios({
      seed,
      firstDay: this.firstDay,
      dayCount,
      staff: this.staffModel,
      customers: this.customerModel,
      kinds: options.scenarios,
      counts: options.scenarioCounts,
      extraPerDay: options.exfiltratorExtraPerDay,
      earlyInsiders: options.earlyInsiders,
    });
    // A merger's moved staff belong to the absorbing branch in the final HR file.
    const m = this.plan.merger;
    if (m) {
      for (let s = 0; s < this.staffModel.rows.length; s++) {
        if (this.staffModel.branch[s] === m.from)
          this.staffModel.rows[s]!.branch = BRANCHES[m.into]!.name;
      }
    }
    this.staff = this.staffModel.rows;
    const customerAt = (i: number): SimCustomer => this.customerAt(i);
    this.leaks = buildLeaks({
      seed,
      firstDay: this.firstDay,
      dayCount,
      customerCount: options.customers,
      customerAt,
      reads: this.plan.reads,
    });
    const c = buildComplaints({
      seed,
      firstDay: this.firstDay,
      dayCount,
      customerCount: options.customers,
      customerAt,
      weights: this.customerModel.weight,
      leaks: this.leaks,
    });
    this.complaints = c.complaints;
    this.truth = {
      seed,
      start: this.days[0]!,
      end: this.days[dayCount - 1]!,
      scenarios: this.plan.scenarios,
      leaks: this.leaks.map((l) => l.truth),
      complaints: c.truth,
    };
  }

  get customerCount(): number {
    return this.options.customers;
  }

  get customers(): readonly SimCustomer[] {
    this.#customers ??= Array.from({ length: this.options.customers }, (_, i) =>
      this.customerAt(i),
    );
    return this.#customers;
  }

  customerAt(i: number): SimCustomer {
    if (!Number.isInteger(i) || i < 0 || i >= this.options.customers) {
      throw new RangeError(`customer index ${i} out of range`);
    }
    return (
      this.#customers?.[i] ??
      customerRecord(this.options.seed, this.customerModel, this.staffModel, i)
    );
  }
}

/**
 * Builds a synthetic insurer: customers, staff, planned scenarios, leaked lists, complaints and
 * the truth. Deterministic for the options (seed included). Bad options throw a UsageError.
 *
 * @example
 * const org = createOrganisation({ customers: 20000, staff: 200, months: 18, seed: 42 });
 * org.truth.scenarios.filter((s) => s.kind === 'slow_exfiltration').map((s) => s.actor);
 */
export function createOrganisation(options: SimOptions = {}): SimOrganisation {
  return new Organisation(resolveOptions(options));
}
