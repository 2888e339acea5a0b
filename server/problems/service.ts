/**
 * Moves problems: reads the record, asks the pure machine, stores with compare-and-set, tells
 * the live feeds. Thin on purpose — the rules are in shared/problems/machine.ts.
 */
import { dayInZone } from '../../shared/dates';
import { canSee, transition, type Actor, type Refusal, type TransitionInput } from '../../shared/problems/machine';
import type { Problem, ProblemView } from '../../shared/problems/types';
import type { Logger } from '../logger';
import { view, type ProblemRepo } from './repo';

export type ActResult = { ok: true; problem: ProblemView } | { ok: false; refusal: Refusal } | { ok: false; missing: true };

export interface ProblemServiceDeps {
  repo: ProblemRepo;
  zone: string;
  now: () => Date;
  log: Logger;
  /** Told after every stored change (the socket.io feed). */
  changed?: (p: ProblemView) => void;
}

/** A compare-and-set that keeps losing means a hot record; a few rounds settle any real race. */
const MAX_ROUNDS = 8;

export class ProblemService {
  constructor(private readonly deps: ProblemServiceDeps) {}

  today(): string {
    return dayInZone(this.deps.now(), this.deps.zone);
  }

  view(p: Problem): ProblemView {
    return view(p, this.today());
  }

  async act(id: string, input: TransitionInput, actor: Actor): Promise<ActResult> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const p = await this.deps.repo.get(id);
      if (!p) return { ok: false, missing: true };
      const r = transition(p, input, actor, this.deps.now(), this.today());
      if (!r.ok) return r;
      const saved = await this.deps.repo.save(r.problem, p);
      if (saved === 'missing') return { ok: false, missing: true };
      if (saved === 'stored') {
        const v = this.view(r.problem);
        this.deps.log.info('problem.transition', { problem: id, action: input.action, from: p.state, to: r.problem.state, by: actor.who.id });
        this.deps.changed?.(v);
        return { ok: true, problem: v };
      }
      // Someone else changed it meanwhile: decide again on the new state.
    }
    throw new Error(`problem ${id}: compare-and-set kept failing`);
  }

  /** Stores a new problem unless it exists; true when this call created it. */
  async create(p: Problem): Promise<boolean> {
    const created = await this.deps.repo.create(p);
    if (created) {
      this.deps.log.info('problem.created', { problem: p.id, doc: p.docName, finding: p.findingId, unit: p.unitId });
      this.deps.changed?.(this.view(p));
    }
    return created;
  }

  async visible(actor: Actor): Promise<ProblemView[]> {
    const unitId = actor.kind === 'user' && actor.who.role === 'unit' ? actor.unitId : undefined;
    if (actor.kind === 'user' && actor.who.role === 'unit' && !unitId) return [];
    const list = await this.deps.repo.list(unitId ? { unitId } : {});
    return list.filter((p) => canSee(actor, p)).map((p) => this.view(p));
  }
}
