import type { LogCursor, LogFilter, LogLine, LogQuery } from "../api/agent-api.ts";

/** How many lines one request brings. */
export const LOG_PAGE = 300;
/** How many lines the window keeps in memory; the far end is dropped as the user scrolls. */
export const LOG_WINDOW = 3_000;

export type LogViewFilter = Omit<LogFilter, "afterId">;

/** The log queries the window needs: the control channel's `logs.query` and `logs.neighbour`. */
export interface LogSource {
  query(q: LogQuery): Promise<LogLine[]>;
  neighbour(filter: LogViewFilter, from: LogCursor, direction: "after" | "before"): Promise<LogLine | null>;
}

const cursor = (l: LogLine): LogCursor => ({ ts: l.ts, id: l.id });

/**
 * The log tab's model: a window of the lines that match the filter, the
 * selected line, and the follow mode. Every change of filter or position is
 * a query on the whole log DB through the service; nothing is filtered from
 * the lines already held. Following keeps the newest line selected and
 * pauses as soon as the user moves up; End resumes it.
 */
export class LogWindow {
  lines: LogLine[] = [];
  selected = 0;
  following = true;
  /** Whether the oldest (newest) matching line is in the window: no more to load that way. */
  atStart = false;
  atEnd = true;
  private filterValue: LogViewFilter = {};
  /** Bumped on every reload, so that an answer to an older request is dropped. */
  private generation = 0;
  private fetchingNew = false;
  private newPending = false;

  constructor(private readonly source: LogSource) {}

  get filter(): LogViewFilter {
    return this.filterValue;
  }

  /** Sets the filter and shows its newest lines, following. */
  async setFilter(filter: LogViewFilter): Promise<void> {
    this.filterValue = filter;
    await this.toEnd();
  }

  /** The newest matching lines, following (End). */
  async toEnd(): Promise<void> {
    const gen = ++this.generation;
    const page = await this.source.query({ filter: this.filterValue, limit: LOG_PAGE });
    if (gen !== this.generation) return;
    this.lines = page;
    this.selected = Math.max(0, page.length - 1);
    this.following = true;
    this.atEnd = true;
    this.atStart = page.length < LOG_PAGE;
  }

  /** The oldest matching lines (Home); pauses following. */
  async toStart(): Promise<void> {
    const gen = ++this.generation;
    const page = await this.source.query({ filter: this.filterValue, limit: LOG_PAGE, after: { ts: -Number.MAX_SAFE_INTEGER, id: 0 } });
    if (gen !== this.generation) return;
    this.lines = page;
    this.selected = 0;
    this.following = false;
    this.atStart = true;
    this.atEnd = page.length < LOG_PAGE;
  }

  /** Moves the selection by `delta` lines, loading older or newer lines at the window's edges. */
  async move(delta: number): Promise<void> {
    if (delta < 0) this.following = false;
    let target = this.selected + delta;
    if (target < 0 && !this.atStart && this.lines.length > 0) {
      const older = await this.source.query({ filter: this.filterValue, limit: LOG_PAGE, before: cursor(this.lines[0]!) });
      this.atStart = older.length < LOG_PAGE;
      this.lines = [...older, ...this.lines];
      target += older.length;
      this.trim("end");
    }
    if (target > this.lines.length - 1 && !this.atEnd && this.lines.length > 0) {
      const newer = await this.source.query({ filter: this.filterValue, limit: LOG_PAGE, after: cursor(this.lines.at(-1)!) });
      this.atEnd = newer.length < LOG_PAGE;
      target -= this.trimmedFromStart(newer);
    }
    this.selected = Math.max(0, Math.min(this.lines.length - 1, target));
  }

  /**
   * New lines were written: while following, fetch those after the newest
   * held. Calls that come while a fetch runs are folded into one more fetch.
   */
  async appendNew(): Promise<boolean> {
    if (!this.following) {
      this.atEnd = false;
      return false;
    }
    if (this.fetchingNew) {
      this.newPending = true;
      return false;
    }
    this.fetchingNew = true;
    let changed = false;
    try {
      do {
        this.newPending = false;
        const gen = this.generation;
        const last = this.lines.at(-1);
        const newer = last
          ? await this.source.query({ filter: this.filterValue, limit: LOG_PAGE, after: cursor(last) })
          : await this.source.query({ filter: this.filterValue, limit: LOG_PAGE });
        if (gen !== this.generation || !this.following) return changed;
        if (newer.length === 0) continue;
        this.trimmedFromStart(last ? newer : newer.filter((l) => !this.lines.some((h) => h.id === l.id)));
        this.selected = this.lines.length - 1;
        changed = true;
      } while (this.newPending);
    } finally {
      this.fetchingNew = false;
    }
    return changed;
  }

  /** Jumps to the next (or previous) error after the selected line; false when there is none. */
  async jumpToError(direction: "after" | "before"): Promise<boolean> {
    const from = this.lines[this.selected];
    if (!from) return false;
    const found = await this.source.neighbour({ ...this.filterValue, minLevel: "error" }, cursor(from), direction);
    if (!found) return false;
    await this.around(found);
    return true;
  }

  /** Shows the lines around one line, with it selected; pauses following. */
  async around(line: LogLine): Promise<void> {
    const gen = ++this.generation;
    const half = Math.floor(LOG_PAGE / 2);
    const [before, after] = await Promise.all([
      this.source.query({ filter: this.filterValue, limit: half, before: cursor(line) }),
      this.source.query({ filter: this.filterValue, limit: half, after: cursor(line) }),
    ]);
    if (gen !== this.generation) return;
    // The found line may not match the view's filter (it is an error, the view may hide errors): show it anyway, in place.
    this.lines = [...before, line, ...after];
    this.selected = before.length;
    this.following = false;
    this.atStart = before.length < half;
    this.atEnd = after.length < half;
  }

  selectedLine(): LogLine | undefined {
    return this.lines[this.selected];
  }

  /** Appends lines, drops the oldest beyond the window's size; answers how many were dropped. */
  private trimmedFromStart(newer: LogLine[]): number {
    this.lines = [...this.lines, ...newer];
    const excess = this.lines.length - LOG_WINDOW;
    if (excess <= 0) return 0;
    this.lines = this.lines.slice(excess);
    this.atStart = false;
    return excess;
  }

  private trim(from: "end"): void {
    if (from === "end" && this.lines.length > LOG_WINDOW) {
      this.lines = this.lines.slice(0, LOG_WINDOW);
      this.atEnd = false;
      this.following = false;
    }
  }
}
