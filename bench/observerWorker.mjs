// Entry of an observer thread: worker threads do not inherit tsx's loader hooks, so register
// them here, then run the TypeScript side.
import { register } from 'tsx/esm/api';

register();
await import('./observerThread.ts');
