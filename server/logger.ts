/** Structured logs: one JSON object per line, with ids. Passed in, never imported as a global. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function errorFields(v: unknown): unknown {
  return v instanceof Error ? { name: v.name, message: v.message } : v;
}

export function createLogger(
  base: Record<string, unknown> = {},
  min: LogLevel = (process.env.LOG_LEVEL as LogLevel) || 'info',
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const log = (level: LogLevel, event: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[min]) return;
    const out: Record<string, unknown> = { t: new Date().toISOString(), level, event, ...base };
    if (fields) for (const [k, v] of Object.entries(fields)) out[k] = errorFields(v);
    write(JSON.stringify(out));
  };
  return {
    debug: (e, f) => log('debug', e, f),
    info: (e, f) => log('info', e, f),
    warn: (e, f) => log('warn', e, f),
    error: (e, f) => log('error', e, f),
    child: (fields) => createLogger({ ...base, ...fields }, min, write),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
