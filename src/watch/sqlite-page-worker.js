// Entry point of watch's SQLite page-reader thread. Workers do not inherit the main thread's
// module loader hooks, so this plain-JS file registers tsx before loading the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-page-worker-main.ts');
