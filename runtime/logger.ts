export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  /** The plugin (or host part) that logged. */
  source: string;
  message: string;
  time: string;
}

export type LogSink = (entry: LogEntry) => void;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger for a named part, e.g. the plugin an exporter belongs to. */
  child(source: string): Logger;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(source: string, sink: LogSink, minimumLevel: LogLevel = 'debug'): Logger {
  const log = (level: LogLevel) => (message: string) => {
    if (LEVEL_RANK[level] < LEVEL_RANK[minimumLevel]) return;
    sink({ level, source, message, time: new Date().toISOString() });
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (child) => createLogger(child, sink, minimumLevel),
  };
}

/** The line a terminal shows for an entry: `[plugin] warn: message`. */
export function formatLogEntry(entry: LogEntry): string {
  return `[${entry.source}] ${entry.level}: ${entry.message}`;
}

export const stderrSink: LogSink = (entry) => {
  process.stderr.write(`${formatLogEntry(entry)}\n`);
};
