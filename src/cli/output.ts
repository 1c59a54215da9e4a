// Human output: tables and a progress line on stderr. Machine output: --json on stdout.
import Table from 'cli-table3';

export interface Output {
  json: boolean;
  /** A transient status line: on a terminal, the next one replaces it. */
  progress(message: string): void;
  /** A line on stderr that stays (verbose command logs), above any progress line. */
  note(text: string): void;
  done(): void;
  table(head: string[], rows: Array<Array<string | number>>): void;
  line(text: string): void;
  data(value: unknown): void;
}

export function createOutput(json: boolean, stream: NodeJS.WriteStream = process.stderr): Output {
  const tty = !!stream.isTTY;
  let open = false;
  return {
    json,
    progress(message) {
      if (json) return;
      const text = message.replace(/\s+/g, ' ').slice(0, Math.max(20, (stream.columns ?? 100) - 2));
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    note(text) {
      this.done();
      stream.write(`${text}\n`);
    },
    done() {
      if (open) stream.write('\r\x1b[2K');
      open = false;
    },
    table(head, rows) {
      this.done();
      const t = new Table({ head, style: { head: tty ? ['cyan'] : [], border: tty ? ['grey'] : [] } });
      t.push(...rows.map((r) => r.map(String)));
      process.stdout.write(`${t.toString()}\n`);
    },
    line(text) {
      this.done();
      process.stdout.write(`${text}\n`);
    },
    data(value) {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}
