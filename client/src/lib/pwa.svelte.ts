/**
 * The service worker that precaches the app shell (vite-plugin-pwa, `registerType: 'prompt'`):
 * a new deploy waits until the user agrees to reload, so nobody loses a half-typed note.
 */
import { registerSW } from 'virtual:pwa-register';

class Pwa {
  needRefresh = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  register(): void {
    // Service workers need a secure context (https or localhost); plain-HTTP intranets go without.
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    this.#update = registerSW({
      onNeedRefresh: () => {
        this.needRefresh = true;
      },
      onRegisterError: (err: unknown) => console.warn('pwa: service worker registration failed', err),
    });
  }

  async update(): Promise<void> {
    this.needRefresh = false;
    await this.#update?.(true);
  }

  dismiss(): void {
    this.needRefresh = false;
  }
}

export const pwa = new Pwa();
