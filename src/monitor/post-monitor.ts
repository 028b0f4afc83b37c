/**
 * One post through the whole monitor: classify, pull out contacts, and — for flagged posts —
 * the masked PI samples. Shared by the CLI (`posts classify`) and the HTTP route, so both give
 * the same record for the same post.
 */
import type { EntityType } from '../core/entity-types.ts';
import type { RecognizerRegistry } from '../detect/registry.ts';
import { contactKey } from './contact-extractor.ts';
import { findPiSamples, type PiSample, type PiSampleOptions } from './pi-samples.ts';
import { classifyPost, type PostLabel, type Signal } from './post-classifier.ts';

/** A post as it arrives (DESIGN §5.2). */
export interface PostInput {
  id: string;
  text: string;
}

/** Everything the monitor learned about one post; the text itself is not kept. */
export interface MonitoredPost {
  id: string;
  label: PostLabel;
  score: number;
  /** `kind:value` keys, e.g. `qq:12345678`, `wechat:abc_123`, `telegram:@name`. */
  contacts: string[];
  piiTypes: EntityType[];
  samples: PiSample[];
  signals: Signal[];
}

/** The JSONL / API record of DESIGN §5.2, keys in contract order, `signals` appended. */
export interface PostRecord {
  id: string;
  label: PostLabel;
  score: number;
  contacts: string[];
  pii_types: EntityType[];
  signals: string[];
}

export interface MonitorOptions {
  registry?: RecognizerRegistry;
  /**
   * Scan every post for PI samples, not only flagged ones (default false). Sample search costs
   * far more than classification, and only flagged posts need samples for a takedown.
   */
  scanAll?: boolean;
  /** When to look for names and addresses in samples (see PiSampleOptions.deep). */
  deep?: 'auto' | 'always' | 'never';
}

/**
 * Classifies one post and gathers its contacts and samples.
 *
 * @example
 * const m = monitorPost({ id: '1', text: '出车主资料 加V：car_demo01' });
 * m.label // 'pi_trade'; m.contacts // ['wechat:car_demo01']
 */
export function monitorPost(post: PostInput, options: MonitorOptions = {}): MonitoredPost {
  const c = classifyPost(post.text);
  const flagged = c.label === 'pi_trade';
  const sampleOptions: PiSampleOptions = {};
  if (options.registry) sampleOptions.registry = options.registry;
  if (options.deep) sampleOptions.deep = options.deep;
  const pi =
    flagged || options.scanAll
      ? findPiSamples(post.text, c.contacts, sampleOptions)
      : { types: [], samples: [] };
  return {
    id: post.id,
    label: c.label,
    score: c.score,
    contacts: c.contacts.map(contactKey),
    piiTypes: pi.types,
    samples: pi.samples,
    signals: c.signals,
  };
}

/**
 * The output record, with the contract's key order.
 *
 * @example
 * JSON.stringify(toPostRecord(monitorPost({ id: '1', text: '…' })))
 * // '{"id":"1","label":"other","score":0.011,"contacts":[],"pii_types":[],"signals":[]}'
 */
export function toPostRecord(m: MonitoredPost): PostRecord {
  return {
    id: m.id,
    label: m.label,
    score: m.score,
    contacts: m.contacts,
    pii_types: m.piiTypes,
    signals: m.signals.map((s) => s.name),
  };
}
