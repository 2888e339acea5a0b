/**
 * The demo county: a fictional county shaped like seed 001's (舒城县) — 14 townships and a
 * development zone, about 220 villages, about 20,000 households, six inspection groups.
 * Deterministic: the same seed gives byte-identical JSON, in Node and in the browser.
 */
import type { InspectionGroup, Registry } from '../registry';
import { Random } from '../random';
import { demoCounty, placeTownships, placeVillages, snakeOrder, type PlacedTownship } from './geography';
import { makeContacts, makeHouseholds } from './households';
import { makeIssues, makeUnits } from './issues';

const GROUP_NUMERALS = ['一', '二', '三', '四', '五', '六'];
/** 15 townships over 6 groups; each group is stationed in 2 or 3 neighbouring townships. */
const GROUP_SIZES = [3, 3, 3, 2, 2, 2];

function makeGroups(rng: Random, placed: PlacedTownship[]): InspectionGroup[] {
  const walk = placed.slice().sort((a, b) => snakeOrder(a.cell) - snakeOrder(b.cell));
  const sizes = rng.shuffle(GROUP_SIZES);
  const groups: InspectionGroup[] = [];
  let at = 0;
  sizes.forEach((size, i) => {
    const members = walk.slice(at, at + size).map((p) => p.township.id);
    at += size;
    groups.push({ id: `g${i + 1}`, name: `第${GROUP_NUMERALS[i]}督查组`, townshipIds: members });
  });
  return groups;
}

export function generateDemoCounty(seed = 1): Registry {
  const rng = new Random(seed);
  const placed = placeTownships(rng);
  const townships = placed.map((p) => p.township);
  const villages = placeVillages(rng, placed);
  const households = makeHouseholds(rng, villages);
  const contacts = makeContacts(rng, townships, villages, households);
  const units = makeUnits(townships);
  const issues = makeIssues(rng, townships, villages, households, units);
  const groups = makeGroups(rng, placed);
  return { county: demoCounty(), townships, villages, households, contacts, issues, units, groups };
}
