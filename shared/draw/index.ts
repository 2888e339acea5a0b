/**
 * The auditable daily draw (issue 4): pure, no I/O, runs in Node and the browser.
 * `drawLists` draws; `rankOf` recomputes one candidate's rank; `canonicalJson` gives the bytes
 * a published draw is compared and hashed by.
 */
export { drawLists } from './draw';
export { rankOf, SEED_RE } from './rank';
export { canonicalJson, hashCanonical } from './canonical';
export { sha256Hex, hmacSha256Hex } from './sha256';
export { validateDrawInput, resolveSettings, groupQuotas } from './validate';
export {
  DEFAULT_DRAW_SETTINGS,
  DRAW_ALGORITHM,
  DrawInputInvalid,
  QUOTA_KEYS,
  type AwaitingRevisit,
  type DrawInput,
  type DrawInputError,
  type DrawResult,
  type DrawSettings,
  type DrawnTarget,
  type GroupDraw,
  type QuotaKey,
  type Shortfall,
} from './types';
