/** Collects log lines of a chain. */
export function captureLogs(): {
  lines: string[];
  logger: (level: string, message: string) => void;
} {
  const lines: string[] = [];
  return { lines, logger: (level, message) => lines.push(`${level}: ${message}`) };
}
