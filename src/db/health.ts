// Whether Neo4j answers right now, as one shared judgement (a circuit breaker). A failure that may mean
// "the database is gone" (or a statement waiting longer than the liveness bound) triggers one liveness
// ping; if that fails, the database is marked down: statements fail fast with DatabaseUnavailableError,
// statements in flight are released, and a probe pings every second until it answers again.

export type HealthState = 'up' | 'down';

export interface HealthOptions {
  /** Sends one trivial statement; resolves true when the database answered. Must not reject. */
  ping: (timeoutMs: number) => Promise<boolean>;
  /** How long a liveness ping may take. */
  pingTimeoutMs: number;
  /** How often to ping while down. @default 1000 */
  probeIntervalMs?: number;
  onChange?: (state: HealthState, detail: { downForMs?: number; reason?: string }) => void;
}

export class DatabaseHealth {
  private current: HealthState = 'up';
  private lastAnswerAt = 0;
  private downSince = 0;
  private reason = '';
  /** Down because the database stopped after a critical error (a panic), not merely unreachable. */
  private failed = false;
  /** Down for good: the embedded Neo4j could not be restarted (its supervisor gave up). */
  private gaveUp = false;
  private pinging: { promise: Promise<boolean>; startedAt: number } | undefined;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly downListeners = new Set<() => void>();

  constructor(private readonly options: HealthOptions) {}

  get state(): HealthState {
    return this.current;
  }

  /** Why the database was marked down (empty while up). */
  get downReason(): string {
    return this.current === 'down' ? this.reason : '';
  }

  /** True while down after a critical error of the database itself (markFailed), until it answers again. */
  get hasFailed(): boolean {
    return this.current === 'down' && this.failed;
  }

  /**
   * The database stopped after a critical error (the embedded JVM reported a panic: a full disk, an I/O
   * error): down at once, with that reason, until a probe sees it answer again (after its restart).
   */
  markFailed(reason: string): void {
    this.markDown(reason);
    this.failed = true;
    this.reason = reason;
  }

  /** True while down because the supervisor gave up restarting the embedded Neo4j (markGaveUp). */
  get hasGivenUp(): boolean {
    return this.current === 'down' && this.gaveUp;
  }

  /** The reason a statement fails while down: gave-up, failed (a panic) or simply marked down. */
  get downKind(): 'gave-up' | 'failed' | 'marked-down' {
    return this.hasGivenUp ? 'gave-up' : this.hasFailed ? 'failed' : 'marked-down';
  }

  /**
   * The supervisor gave up restarting the embedded Neo4j (issue 19 row 10: requests said "retry in 2 s"
   * while nothing would ever restart it). Down, with that reason, until something answers again.
   */
  markGaveUp(reason: string): void {
    this.markDown(reason);
    this.gaveUp = true;
    this.reason = reason;
  }

  /** Any statement that got an answer from the server proves it is alive. */
  answered(): void {
    this.lastAnswerAt = Date.now();
    this.markUp();
  }

  /**
   * One liveness ping, shared by every caller that asks while it runs. A ping that hangs is not
   * repeated for a while (a frozen server would collect one stuck connection per ping otherwise);
   * its late answer still counts. Marks the database down when the ping fails.
   */
  check(reason: string): Promise<boolean> {
    const now = Date.now();
    const timeoutMs = this.options.pingTimeoutMs;
    if (!this.pinging || now - this.pinging.startedAt > Math.max(10 * timeoutMs, 30_000)) {
      const ping = this.options.ping(timeoutMs * 10).then((ok) => {
        if (this.pinging?.promise === ping) this.pinging = undefined;
        if (ok) this.markUp();
        return ok;
      });
      this.pinging = { promise: ping, startedAt: now };
    }
    const answered = this.pinging.promise;
    // A slow ping on a busy (not frozen) server: any other statement answered meanwhile also proves life.
    const bounded = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(this.lastAnswerAt >= now), Math.max(0, this.pinging!.startedAt + timeoutMs - now));
      timer.unref();
      void answered.then((ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
    });
    return bounded.then((ok) => {
      if (!ok) this.markDown(reason);
      return ok;
    });
  }

  /**
   * A contact with the database failed (a refused or broken connection, a readiness ping without an
   * answer): down at once, whatever a later ping says, so that its return is noticed and followed by a
   * re-warm (issue 24 item 7: a JVM restarted between two requests came back cold, with /ready 200). The
   * probe pings at once, so a database that is only briefly unreachable is up again within a ping.
   */
  contactFailed(reason: string): void {
    this.markDown(reason);
  }

  /** Calls `listener` once when the database is next marked down; returns a function that cancels it. */
  onceDown(listener: () => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  /** Resolves true once the database is up (immediately if it is), false after timeoutMs. */
  async waitUntilUp(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.current === 'down' && !this.closed) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, deadline - Date.now())).unref());
    }
    return this.current === 'up';
  }

  close(): void {
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
  }

  private markDown(reason: string): void {
    if (this.closed || this.current === 'down') return;
    this.current = 'down';
    this.downSince = Date.now();
    this.reason = reason;
    this.options.onChange?.('down', { reason });
    const listeners = [...this.downListeners];
    this.downListeners.clear();
    for (const listener of listeners) listener();
    this.probe = setInterval(() => void this.check(reason), this.options.probeIntervalMs ?? 1_000);
    this.probe.unref();
    void this.check(reason);
  }

  private markUp(): void {
    if (this.current === 'up') return;
    this.current = 'up';
    this.failed = false;
    this.gaveUp = false;
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
    this.options.onChange?.('up', { downForMs: Date.now() - this.downSince });
  }
}
