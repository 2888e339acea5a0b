/**
 * The UI language: zh-CN by default, English on request, remembered in localStorage.
 * `t(key, params)` reads the current dictionary reactively; `label(l)` picks from the shared
 * `{zh, en}` label maps (kinds, categories, severities, roles).
 */
import type { Label } from '../../../shared/labels';
import { en } from './i18n/en';
import { zh, type MessageKey } from './i18n/zh';

export type Lang = 'zh' | 'en';
export type { MessageKey };

const STORAGE_KEY = 'suicha.lang';
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh'; // storage blocked (private mode): default language
  }
}

class I18n {
  lang = $state<Lang>(storedLang());

  constructor() {
    this.#applyToDocument();
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
    this.#applyToDocument();
  }

  toggle(): void {
    this.setLang(this.lang === 'zh' ? 'en' : 'zh');
  }

  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const text = DICTIONARIES[this.lang][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };

  label = (l: Label): string => l[this.lang];

  /** Locale tag for Intl formatting. */
  get locale(): string {
    return this.lang === 'zh' ? 'zh-CN' : 'en-GB';
  }

  #applyToDocument(): void {
    if (typeof document === 'undefined') return;
    document.documentElement.lang = this.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = DICTIONARIES[this.lang]['app.title'];
  }
}

export const i18n = new I18n();
export const t = i18n.t;
