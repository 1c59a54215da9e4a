// One error type for every parser, so callers can show which line of which command broke.

export class ParseError extends Error {
  constructor(
    /** The command whose output was expected, e.g. "ipvsadm -Ln". */
    readonly command: string,
    /** 1-based line number in the input, 0 when the input as a whole is wrong (e.g. empty). */
    readonly lineNumber: number,
    /** The offending line as it was given (trailing spaces removed). */
    readonly line: string,
    reason: string,
  ) {
    super(lineNumber > 0 ? `${command}: line ${lineNumber} ${reason}: ${JSON.stringify(line)}` : `${command}: ${reason}`);
    this.name = 'ParseError';
  }
}

export interface NumberedLine {
  /** 1-based. */
  n: number;
  text: string;
}

/** Non-blank lines with trailing whitespace (and \r) removed; numbers stay those of the original input. */
export function contentLines(text: string): NumberedLine[] {
  const out: NumberedLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() !== '') out.push({ n: i + 1, text: line });
  });
  return out;
}
