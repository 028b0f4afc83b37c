/**
 * Kysely table interfaces of src/watch, created by migration 0004-watch: alerts (for cases and
 * the dashboard), the engine's per-actor state (for the incremental run), and alert webhooks.
 */

/** One alert (DESIGN §5.4 plus its id and investigation status). */
export interface AlertsTable {
  /** Stable id: the same actor, day and kind always get the same id (re-runs update in place). */
  alert_id: string;
  actor: string;
  /** `YYYY-MM-DD`, the day the evidence completed. */
  day: string;
  kind: string;
  score: number;
  customers: number;
  /** JSON array of plain-language reasons (ids and numbers only). */
  reasons: string;
  /** JSON array of every detector kind that fired. */
  kinds: string;
  /** First day of the evidence. */
  since_day: string;
  /** 1 once the day is complete; 0 for a provisional alert of the running day. */
  final: number;
  /** open | acknowledged | dismissed | escalated. */
  status: string;
  created_at: string;
  updated_at: string;
}

/** The watch engine's memory of one actor (JSON of ActorState). */
export interface WatchStateTable {
  actor: string;
  state: string;
  updated_at: string;
}

/** Key–value facts of the watch engine (`last_closed_day`, options fingerprint). */
export interface WatchMetaTable {
  key: string;
  value: string;
}

/** Where alerts are delivered: a generic JSON webhook, a WeCom or a DingTalk group robot. */
export interface AlertWebhooksTable {
  webhook_id: string;
  /** json | wecom | dingtalk. */
  kind: string;
  url: string;
  /** HMAC secret (json: signature header; dingtalk: signed URL); null when none. */
  secret: string | null;
  /** Alerts with a lower score are not delivered. */
  min_score: number;
  created_at: string;
  disabled_at: string | null;
}

/** Delivery of one alert to one webhook. */
export interface AlertDeliveriesTable {
  alert_id: string;
  webhook_id: string;
  /** delivered | failed. */
  status: string;
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

/** watch tables, merged into the database's Schema. */
export interface WatchTables {
  alerts: AlertsTable;
  watch_state: WatchStateTable;
  watch_meta: WatchMetaTable;
  alert_webhooks: AlertWebhooksTable;
  alert_deliveries: AlertDeliveriesTable;
}
