/**
 * A coarse reactive clock for "5 分钟前" labels and fading old positions: reading `clock.now` in
 * an effect or template re-runs it every 30 s, and the timer runs only while something reads it.
 */
import { createSubscriber } from 'svelte/reactivity';

class Clock {
  readonly #subscribe: () => void;

  constructor(everyMs: number) {
    this.#subscribe = createSubscriber((update) => {
      const id = setInterval(update, everyMs);
      return () => clearInterval(id);
    });
  }

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const clock = new Clock(30_000);
