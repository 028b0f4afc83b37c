// Entry point of a sealing worker thread (customer import). Workers do not inherit the main
// thread's module loader hooks, so this plain-JS file registers tsx before loading the body.
import { register } from 'tsx/esm/api';

register();
await import('./seal-worker-main.ts');
