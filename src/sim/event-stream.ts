/**
 * Events of a synthetic organisation, one day at a time (DESIGN §5.3 access events), generated
 * lazily so that months of a large organisation never sit in memory.
 */
import type { AccessEvent } from '../core/access-event.ts';
import { DaySimulator } from './day-simulator.ts';
import { EventBuffer, type ActorLabels } from './event-buffer.ts';
import { BRANCHES } from './catalogue.ts';
import { Organisation } from './organisation.ts';
import type { SimDay, SimOrganisation } from './types.ts';

/**
 * The internal organisation behind the public interface.
 *
 * @example
 * internals(createOrganisation()).staffModel.role
 */
export function internals(org: SimOrganisation): Organisation {
  if (!(org instanceof Organisation))
    throw new TypeError('not an organisation made by createOrganisation');
  return org;
}

/**
 * A simulator and the labels to render its events, for one pass over the days.
 *
 * @example
 * const { sim, labels, o } = startSimulation(org);
 */
export function startSimulation(org: SimOrganisation): {
  sim: DaySimulator;
  labels: (d: number) => ActorLabels;
  o: Organisation;
} {
  const o = internals(org);
  const sim = new DaySimulator({
    seed: o.options.seed,
    firstDay: o.firstDay,
    dayCount: o.days.length,
    staff: o.staffModel,
    customers: o.customerModel,
    plan: o.plan,
  });
  const ids = o.staff.map((s) => s.staff_id);
  const roles = o.staff.map((s) => s.role);
  const labels = (d: number): ActorLabels => ({
    ids,
    roles,
    branchOf: (s) => BRANCHES[sim.branchOn(s, d)]!.name,
  });
  return { sim, labels, o };
}

/**
 * Every simulated day with its date and time-ordered events.
 *
 * @example
 * for (const { day, events } of simulateDays(org)) console.log(day, events.length);
 */
export function* simulateDays(org: SimOrganisation): Generator<SimDay> {
  const { sim, labels, o } = startSimulation(org);
  const buffer = new EventBuffer();
  for (let d = 0; d < o.days.length; d++) {
    buffer.clear();
    sim.simulate(d, buffer);
    buffer.sort();
    yield { day: o.days[d]!, events: buffer.toEvents(o.days[d]!, labels(d)) };
  }
}

/**
 * The organisation's access events, one time-ordered array per simulated day (days without
 * events give empty arrays). Deterministic for the organisation's seed.
 *
 * @example
 * let n = 0;
 * for (const events of simulateEvents(org)) n += events.length;
 */
export function* simulateEvents(org: SimOrganisation): Generator<AccessEvent[]> {
  for (const { events } of simulateDays(org)) yield events;
}
