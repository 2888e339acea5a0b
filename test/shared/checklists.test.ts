/** Checklist templates: one per check and target kind, stable ids, answers that validate. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_KINDS } from '../../shared/checkKinds';
import {
  CHECKLIST_TEMPLATES,
  CHECKLIST_VERSION,
  MAX_TEXT_ANSWER,
  UnknownChecklistError,
  checklistFor,
  findChecklist,
  flaggedItems,
  isValidAnswer,
  missingItems,
  type ChecklistItem,
} from '../../shared/checklists';

/**
 * Answers are stored under these ids in every sheet ever written. This list changes only by
 * appending; a renamed or removed id orphans the answers already typed under it.
 */
const STORED_IDS: Record<string, string[]> = {
  'pairing_visit/household': ['knows_household', 'policies_delivered', 'wishes_resolved', 'policy_awareness', 'environment_helped', 'work_recognised', 'visited_this_week', 'form_signed', 'form_filed', 'visit_note'],
  'screening/household': ['contact_mode', 'food_secure', 'clothing_secure', 'education_secure', 'medical_secure', 'housing_secure', 'hukou_matches', 'shared_budget', 'living_together', 'suspect_missed', 'suspect_wrong_registered', 'suspect_wrong_exit', 'suspect_not_whole', 'evidence_ready', 'suspect_note'],
  'environment/household': ['doors_windows_clean', 'bedroom_clean', 'kitchen_clean', 'personal_hygiene_clean', 'around_house_clean', 'has_bedding', 'has_wardrobe', 'has_cupboard', 'has_table', 'has_chairs', 'has_tv', 'yard_tidy'],
  'environment/village': ['around_houses_clean', 'courtyards_clean', 'animal_sheds_clean', 'roads_clean', 'ditches_clean', 'green_belts_clean', 'public_spaces_clean', 'watersides_clean', 'threshing_grounds_clean', 'field_edges_clean'],
  'rectification/issue': ['really_rectified', 'evidence_filed', 'not_paper_only', 'similar_checked', 'verdict', 'return_reason'],
};

const allItems = CHECKLIST_TEMPLATES.flatMap((t) => t.items);
const ofType = (type: ChecklistItem['type']) => allItems.filter((i) => i.type === type);

describe('checklist templates', () => {
  it('has a template for every check on the targets its list draws', () => {
    for (const kind of CHECK_KINDS) expect(CHECKLIST_TEMPLATES.some((t) => t.kind === kind)).toBe(true);
    expect(checklistFor('pairing_visit', 'household').kind).toBe('pairing_visit');
    expect(checklistFor('screening', 'household').kind).toBe('screening');
    expect(checklistFor('environment', 'household').items.map((i) => i.id)).toContain('kitchen_clean');
    expect(checklistFor('environment', 'village').items.map((i) => i.id)).toContain('ditches_clean');
    expect(checklistFor('rectification', 'issue').kind).toBe('rectification');
  });

  it('keeps the stored item ids of every template, in order', () => {
    const actual = Object.fromEntries(CHECKLIST_TEMPLATES.flatMap((t) => t.appliesTo.map((ref) => [`${t.kind}/${ref}`, t.items.map((i) => i.id)])));
    expect(actual).toEqual(STORED_IDS);
  });

  it('uses unique ASCII snake_case ids within each template', () => {
    for (const t of CHECKLIST_TEMPLATES) {
      const ids = t.items.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    }
  });

  it('never serves two templates for one check and target kind', () => {
    const pairs = CHECKLIST_TEMPLATES.flatMap((t) => t.appliesTo.map((r) => `${t.kind}/${r}`));
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('stamps every template with the current version', () => {
    for (const t of CHECKLIST_TEMPLATES) expect(t.version).toBe(CHECKLIST_VERSION);
  });

  it('words every item in Chinese first and English second', () => {
    for (const i of allItems) {
      expect(i.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(i.en.length).toBeGreaterThan(0);
      if (i.section) expect(i.section.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('gives choice items distinct options and other items none', () => {
    for (const i of allItems) {
      if (i.type === 'choice') {
        const values = (i.options ?? []).map((o) => o.value);
        expect(values.length).toBeGreaterThanOrEqual(2);
        expect(new Set(values).size).toBe(values.length);
      } else {
        expect(i.options).toBeUndefined();
      }
    }
  });

  it('offers 销号 or 退回 as the verdict on a rectified issue', () => {
    const verdict = checklistFor('rectification', 'issue').items.find((i) => i.id === 'verdict')!;
    expect(verdict.options?.map((o) => o.zh)).toEqual(['销号', '退回']);
  });

  it('has no template for a pair no list draws: findChecklist says so, checklistFor throws', () => {
    expect(findChecklist('pairing_visit', 'village')).toBeUndefined();
    expect(findChecklist('rectification', 'household')).toBeUndefined();
    expect(() => checklistFor('screening', 'issue')).toThrow(UnknownChecklistError);
  });
});

describe('isValidAnswer', () => {
  it('accepts exactly yes, no and na for a yes/no item', () => {
    for (const item of ofType('yesno')) {
      for (const v of ['yes', 'no', 'na']) expect(isValidAnswer(item, v)).toBe(true);
    }
    fc.assert(
      fc.property(fc.constantFrom(...ofType('yesno')), fc.anything(), (item, v) => {
        fc.pre(v !== 'yes' && v !== 'no' && v !== 'na');
        expect(isValidAnswer(item, v)).toBe(false);
      }),
    );
  });

  it('accepts only an offered value for a choice item', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ofType('choice')), fc.anything(), (item, v) => {
        const offered = (item.options ?? []).some((o) => o.value === v);
        expect(isValidAnswer(item, v)).toBe(offered);
      }),
    );
    for (const item of ofType('choice')) for (const o of item.options!) expect(isValidAnswer(item, o.value)).toBe(true);
  });

  it('accepts a string up to the length limit for a text item, and nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ofType('text')), fc.oneof(fc.string({ maxLength: MAX_TEXT_ANSWER + 20 }), fc.anything()), (item, v) => {
        expect(isValidAnswer(item, v)).toBe(typeof v === 'string' && v.length <= MAX_TEXT_ANSWER);
      }),
    );
  });
});

describe('answer helpers', () => {
  it('counts a target complete when every required item has a valid answer, notes optional', () => {
    const t = checklistFor('rectification', 'issue');
    expect(missingItems(t, {}).map((i) => i.id)).toEqual(['really_rectified', 'evidence_filed', 'not_paper_only', 'similar_checked', 'verdict']);
    const answers = { really_rectified: 'yes', evidence_filed: 'na', not_paper_only: 'yes', similar_checked: 'no', verdict: 'close' };
    expect(missingItems(t, answers)).toEqual([]);
    expect(missingItems(t, { ...answers, verdict: 'maybe' }).map((i) => i.id)).toEqual(['verdict']);
  });

  it('flags a yes/no answer that points to a problem, whichever way the item is phrased', () => {
    const t = checklistFor('screening', 'household');
    const flagged = flaggedItems(t, { food_secure: 'no', housing_secure: 'yes', suspect_missed: 'yes', suspect_wrong_exit: 'no', evidence_ready: 'na' });
    expect(flagged.map((i) => i.id)).toEqual(['food_secure', 'suspect_missed']);
  });
});
