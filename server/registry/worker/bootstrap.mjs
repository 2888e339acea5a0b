// Entry of the registry worker thread. Worker threads do not inherit tsx's loader hooks from
// the main thread, so register them here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
