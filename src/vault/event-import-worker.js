// Entry point of the event-import worker thread. Workers do not inherit the main thread's module
// loader hooks, so this plain-JS file registers tsx before loading the TypeScript worker body.
import { register } from 'tsx/esm/api';

register();
await import('./event-import-worker-main.ts');
