/** Types of scripts/ensure-web-build.js (a plain script so npm's prestart runs it without tsx). */

/** SHA-256 over the web app's sources. */
export function sourceHash(): string;

/** Builds web/dist unless it matches the sources; resolves to whether it built. */
export function ensureWebBuild(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
